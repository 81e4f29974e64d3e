import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import GavelIcon from '@mui/icons-material/Gavel';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { Alert, Box, Card, CardContent, CardHeader, List, ListItemButton, ListItemText, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Title, useDataProvider, useGetIdentity, useGetList, usePermissions } from 'react-admin';
import { isDesk, isWriter } from '../access';
import { StatusChip, VerdictChip } from '../common/chips';
import { shorten } from '../common/format';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { REVIEW_STATUSES, VERDICTS, type Role } from '../vocabulary';
import { WeeklyChart } from './WeeklyChart';

const claimsLink = (filter: Record<string, unknown>) => `/claims?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** What needs me now (assignments, approvals, disputes), then where the desk stands. */
export const Dashboard = () => {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { identity } = useGetIdentity();
  const { permissions: role } = usePermissions<Role>();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => dp.stats() });
  const s = stats.data;

  if (stats.error) return <Alert severity="error">{errorMessage(stats.error)}</Alert>;

  const byStatus = new Map(s?.claimsByStatus.map((x) => [x.status, x.count]));
  const byVerdict = new Map(s?.claimsByVerdict.map((x) => [x.verdict, x.count]));
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Dashboard" />
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {identity ? `Hello, ${identity.fullName}` : 'Dashboard'}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
        {isWriter(role) && (
          <Counter icon={<AssignmentIndIcon />} label="My assignments" value={s?.myAssignments} to={claimsLink({ assignedToMe: true })} hint="open claims assigned to you" />
        )}
        {isDesk(role) && (
          <Counter
            icon={<GavelIcon />}
            label="Pending my approval"
            value={s?.pendingMyApproval}
            to={claimsLink({ reviewStatus: ['PENDING_APPROVAL'] })}
            hint="verdicts proposed by someone else"
          />
        )}
        <Counter icon={<ReportProblemIcon />} label="Open disputes" value={s?.openDisputes} to={`/disputes?filter=${encodeURIComponent(JSON.stringify({ status: ['OPEN'] }))}`} hint="claims someone contests" />
      </Box>

      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <Card>
          <CardHeader title="Claims by status" titleTypographyProps={{ variant: 'subtitle1' }} />
          <CardContent sx={{ pt: 0 }}>
            {REVIEW_STATUSES.map((status) => (
              <Row key={status} to={claimsLink({ reviewStatus: [status] })} chip={<StatusChip value={status} />} count={s ? (byStatus.get(status) ?? 0) : undefined} />
            ))}
          </CardContent>
        </Card>
        <Card>
          <CardHeader title="Claims by verdict" titleTypographyProps={{ variant: 'subtitle1' }} />
          <CardContent sx={{ pt: 0 }}>
            {VERDICTS.filter((v) => !s || byVerdict.has(v)).map((verdict) => (
              <Row key={verdict} to={claimsLink({ verdict: [verdict] })} chip={<VerdictChip value={verdict} />} count={s ? (byVerdict.get(verdict) ?? 0) : undefined} />
            ))}
            {s && byVerdict.size === 0 && <Typography color="text.secondary">No verdicts yet.</Typography>}
          </CardContent>
        </Card>
      </Box>

      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr' } }}>
        <Card>
          <CardHeader title="Claims created and published per week" titleTypographyProps={{ variant: 'subtitle1' }} />
          <CardContent>{s ? <WeeklyChart weeks={s.weekly} /> : <Skeleton variant="rectangular" height={240} />}</CardContent>
        </Card>
        {isWriter(role) ? <MyClaims /> : <RecentlyPublished />}
      </Box>
    </Box>
  );
};

function Counter({ icon, label, value, to, hint }: { icon: ReactNode; label: string; value: number | null | undefined; to: string; hint: string }) {
  return (
    <Card>
      <ListItemButton component={Link} to={to} sx={{ py: 2 }} aria-label={`${label}: ${value ?? '…'}`}>
        <Box sx={{ color: 'primary.main', mr: 2, display: 'flex' }}>{icon}</Box>
        <Box sx={{ flex: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {hint}
          </Typography>
        </Box>
        <Typography variant="h4" component="span" data-testid={`count-${label}`}>
          {value ?? <Skeleton width={32} />}
        </Typography>
      </ListItemButton>
    </Card>
  );
}

function Row({ to, chip, count }: { to: string; chip: ReactNode; count: number | undefined }) {
  return (
    <ListItemButton component={Link} to={to} sx={{ borderRadius: 1, py: 0.5 }}>
      <Box sx={{ flex: 1 }}>{chip}</Box>
      <Typography variant="body1">{count ?? <Skeleton width={24} />}</Typography>
    </ListItemButton>
  );
}

function ClaimLinks({ title, filter, empty, sort }: { title: string; filter: Record<string, unknown>; empty: string; sort: { field: string; order: 'ASC' | 'DESC' } }) {
  const { data, isPending } = useGetList('claims', { pagination: { page: 1, perPage: 6 }, sort, filter });
  return (
    <Card>
      <CardHeader title={title} titleTypographyProps={{ variant: 'subtitle1' }} />
      <List dense sx={{ pt: 0 }}>
        {isPending && <Skeleton sx={{ mx: 2 }} height={80} />}
        {data?.length === 0 && (
          <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
            {empty}
          </Typography>
        )}
        {data?.map((c) => (
          <ListItemButton key={c.id} component={Link} to={`/claims/${c.id}/show`}>
            <ListItemText primary={shorten(c.text, 80)} secondary={<StatusChip value={c.reviewStatus} component="span" />} secondaryTypographyProps={{ component: 'span' }} />
          </ListItemButton>
        ))}
      </List>
    </Card>
  );
}

const MyClaims = () => <ClaimLinks title="Assigned to me" filter={{ assignedToMe: true }} empty="Nothing assigned to you right now." sort={{ field: 'updatedAt', order: 'DESC' }} />;
const RecentlyPublished = () => (
  <ClaimLinks title="Recently published" filter={{ reviewStatus: ['PUBLISHED'] }} empty="Nothing published yet." sort={{ field: 'publishedAt', order: 'DESC' }} />
);
