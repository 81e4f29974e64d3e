import { Box, Typography } from '@mui/material';
import { DataTable, List, SelectArrayInput, useRecordContext, type RaRecord } from 'react-admin';
import { DisputeStateChip, StatusChip, VerdictChip } from '../common/chips';
import { formatInstant, shorten } from '../common/format';
import { DISPUTE_STATE, choices } from '../vocabulary';

const ClaimCell = () => {
  const d = useRecordContext();
  if (!d) return null;
  return (
    <Box sx={{ maxWidth: 520 }}>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {shorten(d.claim?.text, 140)}
      </Typography>
      <Box sx={{ display: 'flex', gap: 0.5, mt: 0.5 }}>
        <StatusChip value={d.claim?.reviewStatus} />
        <VerdictChip value={d.claim?.verdict} />
      </Box>
    </Box>
  );
};

const Resolution = () => {
  const d = useRecordContext();
  if (!d || d.status === 'OPEN') return null;
  return (
    <Typography variant="body2" color="text.secondary">
      {shorten(d.resolutionNote, 100)}
      {d.resolvedBy ? ` — ${d.resolvedBy.displayName}, ${formatInstant(d.resolvedAt)}` : ''}
    </Typography>
  );
};

/** The disputes queue: open ones first, then newest (the API's order). A row opens its claim, where it is resolved. */
export const DisputeList = () => (
  <List
    filters={[<SelectArrayInput key="status" source="status" label="State" choices={choices(DISPUTE_STATE)} alwaysOn sx={{ minWidth: 180 }} />]}
    perPage={25}
    sort={{ field: 'createdAt', order: 'DESC' }}
    title="Disputes"
    actions={false}
  >
    <DataTable rowClick={(_id, _resource, record: RaRecord) => `/claims/${record.claim.id}/show`} bulkActionButtons={false}>
      <DataTable.Col source="status" label="State" disableSort render={(d) => <DisputeStateChip value={d.status} />} />
      <DataTable.Col label="Claim" disableSort>
        <ClaimCell />
      </DataTable.Col>
      <DataTable.Col source="raisedBy" label="Raised by" disableSort />
      <DataTable.Col source="reason" label="Reason" disableSort render={(d) => shorten(d.reason, 140)} />
      <DataTable.Col source="createdAt" label="Opened" disableSort render={(d) => formatInstant(d.createdAt)} />
      <DataTable.Col label="Resolution" disableSort>
        <Resolution />
      </DataTable.Col>
    </DataTable>
  </List>
);
