import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import GavelIcon from '@mui/icons-material/Gavel';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { Alert, Box, Card, CardContent, CardHeader, List, ListItem, ListItemButton, ListItemText, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Title, useDataProvider, useGetIdentity, useGetList, usePermissions } from 'react-admin';
import { isDesk, isWriter } from '../access';
import { StatusChip, VerdictChip } from '../common/chips';
import { shorten, useFormats } from '../common/format';
import { UserText } from '../common/userText';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import { REVIEW_STATUSES, VERDICTS, type Role } from '../vocabulary';
import { WeeklyChart } from './WeeklyChart';

const claimsLink = (filter: Record<string, unknown>) => `/claims?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** What needs me now (assignments, approvals, disputes), then where the desk stands. */
export const Dashboard = () => {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const t = useT();
  const { identity } = useGetIdentity();
  const { permissions: role } = usePermissions<Role>();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => dp.stats() });
  const s = stats.data;

  if (stats.error) return <Alert severity="error">{errorMessage(stats.error, t)}</Alert>;

  const byStatus = new Map(s?.claimsByStatus.map((x) => [x.status, x.count]));
  const byVerdict = new Map(s?.claimsByVerdict.map((x) => [x.verdict, x.count]));
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={t('ra.page.dashboard')} />
      <Typography variant="h5" component="h2" sx={{ mb: 2 }}>
        {identity ? <Parts message={t('app.dashboard.hello')} parts={{ name: <UserText>{identity.fullName}</UserText> }} /> : t('ra.page.dashboard')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
        {isWriter(role) && (
          <Counter
            id="my-assignments"
            icon={<AssignmentIndIcon />}
            label={t('app.dashboard.my_assignments')}
            value={s?.myAssignments}
            to={claimsLink({ assignedToMe: true })}
            hint={t('app.dashboard.my_assignments_hint')}
          />
        )}
        {isDesk(role) && (
          <Counter
            id="pending-my-approval"
            icon={<GavelIcon />}
            label={t('app.dashboard.pending_my_approval')}
            value={s?.pendingMyApproval}
            to={claimsLink({ reviewStatus: ['PENDING_APPROVAL'] })}
            hint={t('app.dashboard.pending_my_approval_hint')}
          />
        )}
        <Counter
          id="open-disputes"
          icon={<ReportProblemIcon />}
          label={t('app.dashboard.open_disputes')}
          value={s?.openDisputes}
          to={`/disputes?filter=${encodeURIComponent(JSON.stringify({ status: ['OPEN'] }))}`}
          hint={t('app.dashboard.open_disputes_hint')}
        />
      </Box>

      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <Card>
          <CardHeader title={t('app.dashboard.by_status')} titleTypographyProps={{ variant: 'subtitle1', component: 'h3' }} />
          <CardContent sx={{ pt: 0 }}>
            {REVIEW_STATUSES.map((status) => (
              <Row key={status} to={claimsLink({ reviewStatus: [status] })} chip={<StatusChip value={status} />} count={s ? (byStatus.get(status) ?? 0) : undefined} />
            ))}
          </CardContent>
        </Card>
        <Card>
          <CardHeader title={t('app.dashboard.by_verdict')} titleTypographyProps={{ variant: 'subtitle1', component: 'h3' }} />
          <CardContent sx={{ pt: 0 }}>
            {VERDICTS.filter((v) => !s || byVerdict.has(v)).map((verdict) => (
              <Row key={verdict} to={claimsLink({ verdict: [verdict] })} chip={<VerdictChip value={verdict} />} count={s ? (byVerdict.get(verdict) ?? 0) : undefined} />
            ))}
            {s && byVerdict.size === 0 && <Typography color="text.secondary">{t('app.dashboard.no_verdicts')}</Typography>}
          </CardContent>
        </Card>
      </Box>

      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr' } }}>
        <Card>
          <CardHeader title={t('app.dashboard.weekly')} titleTypographyProps={{ variant: 'subtitle1', component: 'h3' }} />
          <CardContent>{s ? <WeeklyChart weeks={s.weekly} /> : <Skeleton variant="rectangular" height={240} />}</CardContent>
        </Card>
        {isWriter(role) ? <MyClaims /> : <RecentlyPublished />}
      </Box>
    </Box>
  );
};

/** A count that links to its list; its name is what it shows (label, hint, count), read in that order. */
function Counter({ id, icon, label, value, to, hint }: { id: string; icon: ReactNode; label: string; value: number | null | undefined; to: string; hint: string }) {
  const f = useFormats();
  const shown = value === null || value === undefined ? undefined : f.number(value);
  return (
    <Card>
      <ListItemButton component={Link} to={to} sx={{ py: 2 }}>
        <Box sx={{ color: 'primary.main', mr: 2, display: 'flex' }}>{icon}</Box>
        <Box sx={{ flex: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography variant="caption" component="div" color="text.secondary">
            {hint}
          </Typography>
        </Box>
        <Typography variant="h4" component="div" data-testid={`count-${id}`}>
          {shown ?? <Skeleton width={32} />}
        </Typography>
      </ListItemButton>
    </Card>
  );
}

function Row({ to, chip, count }: { to: string; chip: ReactNode; count: number | undefined }) {
  const f = useFormats();
  return (
    <ListItemButton component={Link} to={to} sx={{ borderRadius: 1, py: 0.5 }}>
      <Box sx={{ flex: 1 }}>{chip}</Box>
      <Typography variant="body1">{count === undefined ? <Skeleton width={24} /> : f.number(count)}</Typography>
    </ListItemButton>
  );
}

function ClaimLinks({ title, filter, empty, sort }: { title: string; filter: Record<string, unknown>; empty: string; sort: { field: string; order: 'ASC' | 'DESC' } }) {
  const { data, isPending } = useGetList('claims', { pagination: { page: 1, perPage: 6 }, sort, filter });
  return (
    <Card>
      <CardHeader title={title} titleTypographyProps={{ variant: 'subtitle1', component: 'h3' }} />
      {isPending && <Skeleton sx={{ mx: 2 }} height={80} />}
      {data?.length === 0 && (
        <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
          {empty}
        </Typography>
      )}
      {!!data?.length && (
        <List dense sx={{ pt: 0 }}>
          {data.map((c) => (
            <ListItem key={c.id} disablePadding>
              <ListItemButton component={Link} to={`/claims/${c.id}/show`}>
                <ListItemText primary={<UserText lang={c.language}>{shorten(c.text, 80, c.language)}</UserText>} secondary={<StatusChip value={c.reviewStatus} component="span" />} secondaryTypographyProps={{ component: 'span' }} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      )}
    </Card>
  );
}

const MyClaims = () => {
  const t = useT();
  return <ClaimLinks title={t('app.dashboard.assigned_to_me')} filter={{ assignedToMe: true }} empty={t('app.dashboard.nothing_assigned')} sort={{ field: 'updatedAt', order: 'DESC' }} />;
};
const RecentlyPublished = () => {
  const t = useT();
  return (
    <ClaimLinks title={t('app.dashboard.recently_published')} filter={{ reviewStatus: ['PUBLISHED'] }} empty={t('app.dashboard.nothing_published')} sort={{ field: 'publishedAt', order: 'DESC' }} />
  );
};
