import { Box, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { CreateButton, DataTable, FilterButton, List, TopToolbar, useListContext, usePermissions, useRecordContext } from 'react-admin';
import { canAccess, isDesk } from '../access';
import { AttributionField, DisputeChip, StatusChip, VerdictField } from '../common/chips';
import { formatDay, shorten } from '../common/format';
import type { Role } from '../vocabulary';
import { ClaimBulkActions } from './BulkActions';
import { ClaimExportMenu } from './ClaimExportMenu';
import { claimFilters } from './claimFilters';
import { ImportClaimReviewsButton } from './ImportClaimReviews';

const ClaimCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {shorten(r.text, 160)}
      </Typography>
      {r.claimant && (
        <Typography variant="caption" color="text.secondary">
          {r.claimant.name}
          {r.topics?.length ? ` · ${r.topics.map((t: { name: string }) => t.name).join(', ')}` : ''}
        </Typography>
      )}
    </Box>
  );
};

/** Where the claim stands: its review status and, when there is one, its dispute. */
const StateCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 0.5 }}>
      <StatusChip value={r.reviewStatus} />
      <DisputeChip value={r.disputeStatus} />
    </Box>
  );
};

const ClaimListActions = () => {
  const { permissions } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {canAccess(permissions, 'claims', 'import') && <ImportClaimReviewsButton />}
      {canAccess(permissions, 'claims', 'export') && <ClaimExportMenu />}
      {canAccess(permissions, 'claims', 'create') && <CreateButton label="New claim" />}
    </TopToolbar>
  );
};

/** Searching sorts by best match (as the API does by default); clearing the search goes back to newest first. */
function useRelevanceWhileSearching() {
  const { filterValues, sort, setSort } = useListContext();
  const searching = !!filterValues.q;
  const was = useRef(searching);
  useEffect(() => {
    if (searching && !was.current && sort.field !== 'searchRank') setSort({ field: 'searchRank', order: 'DESC' });
    if (!searching && was.current && sort.field === 'searchRank') setSort({ field: 'createdAt', order: 'DESC' });
    was.current = searching;
  }, [searching, sort.field, setSort]);
  return searching;
}

const ClaimTable = () => {
  const { permissions } = usePermissions<Role>();
  const searching = useRelevanceWhileSearching();
  return (
    <DataTable rowClick="show" bulkActionButtons={isDesk(permissions) ? <ClaimBulkActions /> : false}>
      <DataTable.Col source="text" label="Claim" disableSort sx={{ width: '40%', minWidth: 280 }}>
        <ClaimCell />
      </DataTable.Col>
      <DataTable.Col source="reviewStatus" label="Status" disableSort>
        <StateCell />
      </DataTable.Col>
      <DataTable.Col source="verdict" label="Verdict" disableSort field={VerdictField} />
      <DataTable.Col source="attributionStatus" label="Attribution" disableSort field={AttributionField} />
      <DataTable.Col source="assignee.displayName" label="Assignee" disableSort />
      <DataTable.Col source="claimedOn" label="Claimed" render={(r) => formatDay(r.claimedOn)} />
      <DataTable.Col source="createdAt" label="Recorded" render={(r) => formatDay(r.createdAt)} />
      {searching && <DataTable.Col source="searchRank" label="Match" render={(r) => (typeof r.searchRank === 'number' ? r.searchRank.toFixed(2) : '')} />}
    </DataTable>
  );
};

export const ClaimList = () => (
  <List filters={claimFilters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} actions={<ClaimListActions />} title="Claims" exporter={false}>
    <ClaimTable />
  </List>
);
