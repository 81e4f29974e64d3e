import { Box, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { CreateButton, DataTable, FilterButton, List, TopToolbar, useListContext, usePermissions, useRecordContext } from 'react-admin';
import { canAccess, isDesk } from '../access';
import { AttributionField, DisputeChip, StatusChip, VerdictField } from '../common/chips';
import { shorten, useFormats } from '../common/format';
import { bodyWithNamedCheckboxes, RowLink } from '../common/tables';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import type { Role } from '../vocabulary';
import { ClaimBulkActions } from './BulkActions';
import { ClaimExportMenu } from './ClaimExportMenu';
import { useClaimFilters } from './claimFilters';
import { ImportClaimReviewsButton } from './ImportClaimReviews';

const ClaimCell = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }} dir="auto" lang={r.language ?? undefined}>
        <RowLink to={`/claims/${r.id}/show`}>{shorten(r.text, 160, r.language)}</RowLink>
      </Typography>
      {r.claimant && (
        <Typography variant="caption" color="text.secondary">
          <UserText>{r.claimant.name}</UserText>
          {(r.topics ?? []).map((topic: { slug: string; name: string }, i: number) => (
            <span key={topic.slug}>
              {i === 0 ? ' · ' : ', '}
              <UserText>{topic.name}</UserText>
            </span>
          ))}
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
  const t = useT();
  const { permissions } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {canAccess(permissions, 'claims', 'import') && <ImportClaimReviewsButton />}
      {canAccess(permissions, 'claims', 'export') && <ClaimExportMenu />}
      {canAccess(permissions, 'claims', 'create') && <CreateButton label={t('app.claim_list.new_claim')} />}
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

/** Rows whose checkbox names the claim it selects. */
const ClaimRows = bodyWithNamedCheckboxes((r, t) => t('app.claim_list.select', { claim: shorten(r.text, 80, r.language) }));

const ClaimTable = () => {
  const t = useT();
  const f = useFormats();
  const { permissions } = usePermissions<Role>();
  const searching = useRelevanceWhileSearching();
  return (
    <DataTable rowClick="show" body={ClaimRows} bulkActionButtons={isDesk(permissions) ? <ClaimBulkActions /> : false}>
      <DataTable.Col source="text" label={t('app.claim_list.claim')} disableSort sx={{ width: '40%', minWidth: 280 }}>
        <ClaimCell />
      </DataTable.Col>
      <DataTable.Col source="reviewStatus" label={t('app.field.reviewStatus')} disableSort>
        <StateCell />
      </DataTable.Col>
      <DataTable.Col source="verdict" label={t('app.field.verdict')} disableSort field={VerdictField} />
      <DataTable.Col source="attributionStatus" label={t('app.field.attributionStatus')} disableSort field={AttributionField} />
      <DataTable.Col source="assignee.displayName" label={t('app.field.assigneeId')} disableSort render={(r) => (r.assignee ? <UserText>{r.assignee.displayName}</UserText> : null)} />
      <DataTable.Col source="claimedOn" label={t('app.claim_list.claimed')} render={(r) => f.day(r.claimedOn)} />
      <DataTable.Col source="createdAt" label={t('app.claim_list.recorded')} render={(r) => f.day(r.createdAt)} />
      {searching && (
        <DataTable.Col
          source="searchRank"
          label={t('app.claim_list.match')}
          render={(r) => (typeof r.searchRank === 'number' ? r.searchRank.toLocaleString(t.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '')}
        />
      )}
    </DataTable>
  );
};

export const ClaimList = () => (
  <List filters={useClaimFilters()} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} actions={<ClaimListActions />} exporter={false}>
    <ClaimTable />
  </List>
);
