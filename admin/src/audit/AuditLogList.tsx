import { Box, Chip, Typography } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateInput,
  Link,
  List,
  ReferenceInput,
  SelectArrayInput,
  TextInput,
  TopToolbar,
  FilterButton,
  useListContext,
  useRecordContext,
} from 'react-admin';
import { ChangeList } from '../common/ChangeList';
import { formatPrecise } from '../common/format';
import { HISTORY_ACTION, HISTORY_ENTITY, choices, fieldLabel, historyActionLabel, type HistoryAction } from '../vocabulary';
import { ExportMenu } from './ExportMenu';
import { VerifyHistoryButton } from './VerifyHistory';

const ENTITY_TYPES = choices(HISTORY_ENTITY);
const ACTIONS = (Object.keys(HISTORY_ACTION) as HistoryAction[]).map((id) => ({ id, name: `${id} (${HISTORY_ACTION[id]})` }));

const auditFilters = [
  <TextInput key="claimId" source="claimId" label="Claim id" alwaysOn />,
  <ReferenceInput key="userId" source="userId" reference="staff" sort={{ field: 'displayName', order: 'ASC' }} perPage={1000} alwaysOn>
    <AutocompleteInput label="User" optionText="displayName" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <SelectArrayInput key="action" source="action" label="Action" choices={ACTIONS} alwaysOn sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="entityType" source="entityType" label="Entity" choices={ENTITY_TYPES} sx={{ minWidth: 160 }} />,
  <DateInput key="from" source="from" label="From (day)" alwaysOn />,
  <DateInput key="to" source="to" label="Until (day, inclusive)" alwaysOn />,
];

const What = () => {
  const e = useRecordContext();
  if (!e) return null;
  const fields = (e.changes as { field: string }[]).map((c) => fieldLabel(c.field));
  return (
    <Box>
      <Typography variant="body2">
        {historyActionLabel(e.action)}{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          ({e.action})
        </Typography>
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {fields.slice(0, 6).join(', ')}
        {fields.length > 6 ? ` and ${fields.length - 6} more` : ''}
      </Typography>
    </Box>
  );
};

const Entity = () => {
  const e = useRecordContext();
  if (!e) return null;
  return (
    <Box>
      <Chip size="small" variant="outlined" label={HISTORY_ENTITY[e.entityType as keyof typeof HISTORY_ENTITY] ?? e.entityType} />{' '}
      {e.claimId ? (
        <Link to={`/claims/${e.claimId}/show`} onClick={(ev: React.MouseEvent) => ev.stopPropagation()}>
          claim
        </Link>
      ) : null}
    </Box>
  );
};

const Expanded = () => {
  const e = useRecordContext();
  if (!e) return null;
  return (
    <Box sx={{ py: 1 }}>
      <ChangeList changes={e.changes} showAll />
      {e.note && <Typography variant="body2">Reason: {e.note}</Typography>}
      <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', mt: 1, wordBreak: 'break-all' }}>
        {e.chain} #{e.seq} · hash {e.hash} · previous {e.prevHash ?? '—'}
      </Typography>
    </Box>
  );
};

/** With a claim picked in the filter, its history can be verified right here. */
const AuditActions = () => {
  const { filterValues } = useListContext();
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      {filterValues.claimId && <VerifyHistoryButton claimId={String(filterValues.claimId)} size="small" />}
      <FilterButton />
      <ExportMenu />
    </TopToolbar>
  );
};

/** Every recorded change, newest first: filter by claim, user, action, entity and days. */
export const AuditLogList = () => (
  <List filters={auditFilters} sort={{ field: 'occurredAt', order: 'DESC' }} perPage={25} title="Audit log" actions={<AuditActions />} exporter={false}>
    <DataTable bulkActionButtons={false} expand={<Expanded />} rowClick="expand">
      <DataTable.Col source="occurredAt" label="When" render={(e) => formatPrecise(e.occurredAt)} />
      <DataTable.Col source="userLabel" label="Who" disableSort />
      <DataTable.Col label="What" disableSort>
        <What />
      </DataTable.Col>
      <DataTable.Col label="Entity" disableSort>
        <Entity />
      </DataTable.Col>
      <DataTable.Col source="note" label="Reason" disableSort />
    </DataTable>
  </List>
);
