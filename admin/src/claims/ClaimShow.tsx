import HistoryToggleOffIcon from '@mui/icons-material/HistoryToggleOff';
import { Alert, Box, Button, Card, CardContent, Chip, Divider, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link, Show, useLocation, useRecordContext } from 'react-admin';
import { AttributionChip, DisputeChip, StatusChip, VerdictChip } from '../common/chips';
import { formatDay, formatInstant, formatPrecise, shorten } from '../common/format';
import { CorrectionsList } from './CorrectionsList';
import { DisputesPanel } from './DisputesPanel';
import { EvidencePanel } from './EvidencePanel';
import { HistoryTimeline } from './HistoryTimeline';
import { WorkflowButtons } from './WorkflowButtons';

/** `?asOf=<instant>`: the claim as it was then, read-only, rebuilt by the server from its history. */
function useAsOf(): string | undefined {
  const { search } = useLocation();
  return new URLSearchParams(search).get('asOf') ?? undefined;
}

const ClaimTitle = () => {
  const record = useRecordContext();
  return <span>{record ? `Claim: ${shorten(record.text, 60)}` : 'Claim'}</span>;
};

export const ClaimShow = () => {
  const asOf = useAsOf();
  return (
    <Show queryOptions={{ meta: { asOf } }} actions={false} title={<ClaimTitle />} component="div" sx={{ mt: 1 }}>
      <ClaimPage asOf={asOf} />
    </Show>
  );
};

function ClaimPage({ asOf }: { asOf?: string }) {
  const claim = useRecordContext();
  if (!claim) return null;
  const readOnly = !!asOf;
  return (
    <Stack spacing={2}>
      {asOf && (
        <Alert
          severity="info"
          icon={<HistoryToggleOffIcon />}
          action={
            <Button component={Link} to={`/claims/${claim.id}/show`} color="inherit" size="small">
              Back to the current version
            </Button>
          }
        >
          You are looking at this claim as it was on <strong>{formatPrecise(asOf)}</strong> (version {claim.version}). Nothing can be changed here.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <ClaimHeader readOnly={readOnly} />
          <VerdictCard />
          <EvidencePanel readOnly={readOnly} />
          {!readOnly && <DisputesPanel />}
          {!readOnly && <CorrectionsList />}
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <DetailsCard />
          <HistoryTimeline asOf={asOf} />
        </Stack>
      </Box>
    </Stack>
  );
}

function ClaimHeader({ readOnly }: { readOnly: boolean }) {
  const c = useRecordContext()!;
  return (
    <Card component="section" aria-label="Claim">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, mb: 1.5 }} aria-label="Claim status">
          <StatusChip value={c.reviewStatus} />
          <VerdictChip value={c.verdict} />
          <DisputeChip value={c.disputeStatus} />
          <AttributionChip value={c.attributionStatus} prefix="Attribution " />
        </Stack>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 500 }}>
          {c.text}
        </Typography>
        {c.quote && (
          <Typography
            component="blockquote"
            variant="body1"
            sx={{ mx: 0, my: 2, pl: 2, borderLeft: 4, borderColor: 'primary.light', fontStyle: 'italic', color: 'text.secondary' }}
          >
            “{c.quote}”
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {c.claimant ? (
            <Link to={`/actors/${c.claimant.id}/show`}>{c.claimant.name}</Link>
          ) : (
            'Unknown claimant'
          )}
          {c.claimedOn ? `, ${formatDay(c.claimedOn)}` : ''}
          {c.context ? ` — ${c.context}` : ''}
        </Typography>
        {c.firstAppearance && (
          <Typography variant="body2" color="text.secondary">
            First appeared in <Link to={`/sources/${c.firstAppearance.id}/show`}>{c.firstAppearance.title}</Link>
          </Typography>
        )}
        {!readOnly && (
          <>
            <Divider sx={{ my: 2 }} />
            <WorkflowButtons />
          </>
        )}
      </CardContent>
    </Card>
  );
}

function VerdictCard() {
  const c = useRecordContext()!;
  if (!c.verdict && !c.verdictRationale) return null;
  const proposed = c.reviewStatus === 'PENDING_APPROVAL';
  return (
    <Card component="section" aria-label="Verdict">
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6">{proposed ? 'Proposed verdict' : c.reviewStatus === 'PUBLISHED' ? 'Published verdict' : 'Verdict'}</Typography>
          <VerdictChip value={c.verdict} />
        </Stack>
        {c.verdictRationale && <Typography variant="body1">{c.verdictRationale}</Typography>}
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
          {c.proposedBy && `Proposed by ${c.proposedBy.displayName}${c.proposedAt ? `, ${formatInstant(c.proposedAt)}` : ''}. `}
          {c.approvedBy && c.reviewStatus === 'PUBLISHED' && `Approved by ${c.approvedBy.displayName}. `}
          {c.publishedAt && c.reviewStatus === 'PUBLISHED' && `Published ${formatInstant(c.publishedAt)}.`}
        </Typography>
      </CardContent>
    </Card>
  );
}

function DetailsCard() {
  const c = useRecordContext()!;
  const row = (label: string, value: ReactNode) =>
    value ? (
      <Box sx={{ display: 'grid', gridTemplateColumns: '120px 1fr', gap: 1, py: 0.5 }}>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
          {value}
        </Typography>
      </Box>
    ) : null;
  return (
    <Card component="section" aria-label="Details">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Details
        </Typography>
        {row('Assignee', c.assignee?.displayName ?? 'Nobody')}
        {row(
          'Topics',
          c.topics?.length ? (
            <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
              {c.topics.map((t: { slug: string; name: string }) => (
                <Chip key={t.slug} size="small" label={t.name} component={Link} to={`/claims?filter=${encodeURIComponent(JSON.stringify({ topic: t.slug }))}`} clickable />
              ))}
            </Stack>
          ) : null,
        )}
        {row('Language', c.language)}
        {row('Recorded', `${formatInstant(c.createdAt)}${c.createdBy ? ` by ${c.createdBy.displayName}` : ''}`)}
        {row('Last change', formatInstant(c.updatedAt))}
        {row('Version', String(c.version))}
        {row('Imported from', c.importedFrom ? <a href={c.importedFrom} target="_blank" rel="noreferrer noopener">{c.importedFrom}</a> : null)}
        {row('Original rating', c.originalRating)}
        {c.internalNote && (
          <Alert severity="warning" icon={false} sx={{ mt: 1 }}>
            <strong>Internal note</strong> (newsroom only): {c.internalNote}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
