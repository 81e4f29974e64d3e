import { Box, Chip, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import {
  AutocompleteInput,
  DataTable,
  DataTableClasses,
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
import { shorten, useFormats } from '../common/format';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { HISTORY_ACTIONS, HISTORY_ENTITY_TYPES } from '@domain/history';
import { choices, fieldLabel, historyActionLabel, termLabel } from '../vocabulary';
import { ExportMenu } from './ExportMenu';
import { VerifyHistoryButton } from './VerifyHistory';

function useAuditFilters() {
  const t = useT();
  // The action's name as recorded (what exports and the API call it) and in words.
  const actions = HISTORY_ACTIONS.map((id) => ({ id, name: t('app.audit.action_choice', { action: id, label: historyActionLabel(t, id) }) }));
  return [
    <TextInput key="claimId" source="claimId" label={t('app.audit.claim_id')} alwaysOn />,
    <ReferenceInput key="userId" source="userId" reference="staff" sort={{ field: 'displayName', order: 'ASC' }} perPage={1000} alwaysOn>
      <AutocompleteInput label={t('app.audit.user')} optionText="displayName" sx={{ minWidth: 200 }} />
    </ReferenceInput>,
    <SelectArrayInput key="action" source="action" label={t('app.audit.action')} choices={actions} translateChoice={false} alwaysOn sx={{ minWidth: 180 }} />,
    <SelectArrayInput key="entityType" source="entityType" label={t('app.audit.entity')} choices={choices('history_entity', HISTORY_ENTITY_TYPES)} sx={{ minWidth: 160 }} />,
    <DateInput key="from" source="from" label={t('app.audit.from')} alwaysOn />,
    <DateInput key="to" source="to" label={t('app.audit.to')} alwaysOn />,
  ];
}

const What = () => {
  const t = useT();
  const e = useRecordContext();
  if (!e) return null;
  const fields = (e.changes as { field: string }[]).map((c) => fieldLabel(t, c.field));
  return (
    <Box>
      <Typography variant="body2">
        {historyActionLabel(t, e.action)}{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          ({e.action})
        </Typography>
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {fields.slice(0, 6).join(', ')}
        {fields.length > 6 ? ` ${t('app.audit.and_more', { smart_count: fields.length - 6 })}` : ''}
      </Typography>
    </Box>
  );
};

/** Where an entity with its own chain is shown, and the field of its state that names it. */
const OWN_CHAINS: Record<string, { field: string; path?: (id: string) => string }> = {
  ACTOR: { field: 'name', path: (id) => `/actors/${id}/show` },
  SOURCE: { field: 'title', path: (id) => `/sources/${id}/show` },
  USER: { field: 'displayName' },
  API_KEY: { field: 'name' },
};

/**
 * What changed: its kind, and which one by name. A claim's events (its evidence's and disputes'
 * too) name the claim by its statement as it is now, linked to its page; an actor, a source, a
 * user or a key by its name as the event recorded it.
 */
const Entity = () => {
  const t = useT();
  const f = useFormats();
  const e = useRecordContext();
  if (!e) return null;
  const own = OWN_CHAINS[e.entityType as string];
  const ownName = own && typeof e.state?.[own.field] === 'string' ? (e.state[own.field] as string) : null;
  const claimText = e.claim ? shorten(e.claim.text, 60, e.claim.language) : null;
  const stop = (ev: React.MouseEvent) => ev.stopPropagation();
  // Several rows may name the same claim: the link's name also says which change it belongs to.
  const named = (link: string) => t('app.audit.claim_link_named', { link, action: historyActionLabel(t, e.action), when: f.precise(e.occurredAt) });
  return (
    <Box sx={{ maxWidth: 360 }}>
      <Chip size="small" variant="outlined" label={termLabel(t, 'history_entity', e.entityType)} />{' '}
      {e.claimId ? (
        <Link to={`/claims/${e.claimId}/show`} aria-label={named(claimText ?? t('app.audit.claim_link'))} onClick={stop}>
          {claimText ? <UserText lang={e.claim.language}>{claimText}</UserText> : t('app.audit.claim_link')}
        </Link>
      ) : ownName && own?.path ? (
        <Link to={own.path(String(e.entityId))} aria-label={named(shorten(ownName, 90))} onClick={stop}>
          <UserText>{shorten(ownName, 90)}</UserText>
        </Link>
      ) : ownName ? (
        <UserText>{shorten(ownName, 90)}</UserText>
      ) : null}
    </Box>
  );
};

const Expanded = () => {
  const t = useT();
  const e = useRecordContext();
  if (!e) return null;
  return (
    <Box sx={{ py: 1 }}>
      <ChangeList changes={e.changes} showAll />
      {e.note && (
        <Typography variant="body2">
          {t('app.common.reason')}: <UserText>{e.note}</UserText>
        </Typography>
      )}
      {/* Hashes read left to right in any language. */}
      <Typography variant="caption" component="div" dir="ltr" sx={{ fontFamily: 'monospace', mt: 1, wordBreak: 'break-all' }}>
        {t('app.audit.chain', { chain: e.chain, seq: e.seq, hash: e.hash, previous: e.prevHash ?? t('app.common.none') })}
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

/** react-admin's header, with a name for the column of expand buttons (its header cell was empty). */
const AuditHead = ({ children }: { children?: ReactNode }) => {
  const t = useT();
  return (
    <TableHead className={DataTableClasses.thead}>
      <TableRow className={`${DataTableClasses.row} ${DataTableClasses.headerRow}`}>
        <TableCell padding="none" variant="head" className={`${DataTableClasses.headerCell} ${DataTableClasses.expandHeader}`}>
          <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
            {t('ra.message.details')}
          </Box>
        </TableCell>
        {children}
      </TableRow>
    </TableHead>
  );
};

/** Every recorded change, newest first: filter by claim, user, action, entity and days. */
export const AuditLogList = () => {
  const t = useT();
  const f = useFormats();
  return (
    <List filters={useAuditFilters()} sort={{ field: 'occurredAt', order: 'DESC' }} perPage={25} actions={<AuditActions />} exporter={false}>
      <DataTable bulkActionButtons={false} expand={<Expanded />} rowClick="expand" head={AuditHead}>
        <DataTable.Col source="occurredAt" label={t('app.audit.when')} render={(e) => f.precise(e.occurredAt)} />
        <DataTable.Col source="userLabel" label={t('app.audit.who')} disableSort render={(e) => <UserText>{e.userLabel}</UserText>} />
        <DataTable.Col label={t('app.audit.what')} disableSort>
          <What />
        </DataTable.Col>
        <DataTable.Col label={t('app.audit.entity')} disableSort>
          <Entity />
        </DataTable.Col>
        <DataTable.Col source="note" label={t('app.common.reason')} disableSort render={(e) => (e.note ? <UserText>{e.note}</UserText> : null)} />
      </DataTable>
    </List>
  );
};
