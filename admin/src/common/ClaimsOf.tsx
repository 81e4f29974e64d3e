import { DataTable, Pagination, ReferenceManyField } from 'react-admin';
import { DisputeField, StatusField, VerdictField } from './chips';
import { formatDay, shorten } from './format';

/** Claims that point at this record (claimantId, firstAppearanceId), newest first, paged. */
export const ClaimsOf = ({ target }: { target: 'claimantId' | 'firstAppearanceId' }) => (
  <ReferenceManyField reference="claims" target={target} sort={{ field: 'createdAt', order: 'DESC' }} perPage={10} pagination={<Pagination rowsPerPageOptions={[10, 25]} />}>
    <DataTable rowClick="show" bulkActionButtons={false} empty={<span>No claims yet.</span>}>
      <DataTable.Col source="text" label="Claim" disableSort render={(r) => shorten(r.text, 120)} />
      <DataTable.Col source="reviewStatus" label="Status" disableSort field={StatusField} />
      <DataTable.Col source="verdict" label="Verdict" disableSort field={VerdictField} />
      <DataTable.Col source="disputeStatus" label="Dispute" disableSort field={DisputeField} />
      <DataTable.Col source="claimedOn" label="Claimed" disableSort render={(r) => formatDay(r.claimedOn)} />
    </DataTable>
  </ReferenceManyField>
);
