import { Box, Typography } from '@mui/material';
import { DataTable, List, SelectArrayInput, useRecordContext, type RaRecord } from 'react-admin';
import { DisputeStateChip, StatusChip, VerdictChip } from '../common/chips';
import { shorten, useFormats } from '../common/format';
import { RowLink } from '../common/tables';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { DISPUTE_STATES, choices } from '../vocabulary';

const ClaimCell = () => {
  const d = useRecordContext();
  if (!d) return null;
  return (
    <Box sx={{ maxWidth: 520 }}>
      <Typography variant="body2" sx={{ fontWeight: 500 }} dir="auto" lang={d.claim?.language ?? undefined}>
        <RowLink to={`/claims/${d.claim?.id}/show`}>{shorten(d.claim?.text, 140, d.claim?.language)}</RowLink>
      </Typography>
      <Box sx={{ display: 'flex', gap: 0.5, mt: 0.5 }}>
        <StatusChip value={d.claim?.reviewStatus} />
        <VerdictChip value={d.claim?.verdict} />
      </Box>
    </Box>
  );
};

const Resolution = () => {
  const f = useFormats();
  const d = useRecordContext();
  if (!d || d.status === 'OPEN') return null;
  return (
    <Typography variant="body2" color="text.secondary">
      <UserText>{shorten(d.resolutionNote, 100)}</UserText>
      {d.resolvedBy ? (
        <>
          {' — '}
          <UserText>{d.resolvedBy.displayName}</UserText>, {f.instant(d.resolvedAt)}
        </>
      ) : null}
    </Typography>
  );
};

/** The disputes queue: open ones first, then newest (the API's order). A row opens its claim, where it is resolved. */
export const DisputeList = () => {
  const t = useT();
  const f = useFormats();
  return (
    <List
      filters={[
        <SelectArrayInput key="status" source="status" label={t('app.dispute.state')} choices={choices('dispute_state', DISPUTE_STATES)} alwaysOn sx={{ minWidth: 180 }} />,
      ]}
      perPage={25}
      sort={{ field: 'createdAt', order: 'DESC' }}
      actions={false}
    >
      <DataTable rowClick={(_id, _resource, record: RaRecord) => `/claims/${record.claim.id}/show`} bulkActionButtons={false}>
        <DataTable.Col source="status" label={t('app.dispute.state')} disableSort render={(d) => <DisputeStateChip value={d.status} />} />
        <DataTable.Col label={t('app.dispute.claim')} disableSort>
          <ClaimCell />
        </DataTable.Col>
        <DataTable.Col source="raisedBy" label={t('app.field.raisedByName')} disableSort render={(d) => <UserText>{d.raisedBy}</UserText>} />
        <DataTable.Col source="reason" label={t('app.field.reason')} disableSort render={(d) => <UserText>{shorten(d.reason, 140)}</UserText>} />
        <DataTable.Col source="createdAt" label={t('app.dispute.opened_on')} disableSort render={(d) => f.instant(d.createdAt)} />
        <DataTable.Col label={t('app.dispute.resolution')} disableSort>
          <Resolution />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
