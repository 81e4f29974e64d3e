import HistoryToggleOffIcon from '@mui/icons-material/HistoryToggleOff';
import { Alert, Box, Button, Card, CardContent, Chip, Divider, Stack, Typography, useMediaQuery } from '@mui/material';
import type { Theme } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { Link, Show, useLocation, useRecordContext } from 'react-admin';
import { AttributionChip, DisputeChip, StatusChip, VerdictChip } from '../common/chips';
import { useFormats } from '../common/format';
import { ShortenedToFit } from '../common/ShortenedToFit';
import { VisuallyHidden } from '../common/VisuallyHidden';
import { UserText, userText } from '../common/userText';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import { CorrectionsList } from './CorrectionsList';
import { DisputesPanel } from './DisputesPanel';
import { EvidencePanel } from './EvidencePanel';
import { HistoryTimeline } from './HistoryTimeline';
import { ProposedBy, RejectedProposalCard } from './RejectedProposal';
import { WorkflowButtons } from './WorkflowButtons';

/** `?asOf=<instant>`: the claim as it was then, read-only, rebuilt by the server from its history. */
function useAsOf(): string | undefined {
  const { search } = useLocation();
  return new URLSearchParams(search).get('asOf') ?? undefined;
}

/**
 * The claim's words in the app bar, cut between words to the room there is; screen readers and the
 * tab's title get them whole. Below 600 px the room is a few words: "Claim:" is then left to
 * screen readers, so what shows is the claim's own words.
 */
const ClaimTitle = () => {
  const t = useT();
  const record = useRecordContext();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  if (!record) return <span>{t('app.claim_list.claim')}</span>;
  return (
    <span>
      <Parts
        message={t('app.claim.title')}
        parts={{ text: <ShortenedToFit text={record.text} lang={record.language} max={60} /> }}
        words={narrow ? (words) => <VisuallyHidden>{words}</VisuallyHidden> : undefined}
      />
    </span>
  );
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
  const t = useT();
  const f = useFormats();
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
              {t('app.claim.back_to_current')}
            </Button>
          }
        >
          <Parts message={t('app.claim.as_of', { version: claim.version })} parts={{ when: <strong>{f.precise(asOf)}</strong> }} />
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <ClaimHeader readOnly={readOnly} />
          <VerdictCard />
          <RejectedProposalCard />
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

/**
 * The statement, the quote and where it was said: the claim's own words, so each carries the
 * claim's language and its own direction (text the newsroom wrote, a rationale or a note, gets
 * the direction only: it need not be in the claim's language); the quote's marks are the language's (quotes: auto: « » for Persian and French,
 * „ “ for German) and its rule stands at the side where the quote starts.
 */
function ClaimHeader({ readOnly }: { readOnly: boolean }) {
  const t = useT();
  const f = useFormats();
  const c = useRecordContext()!;
  const lang = c.language as string | null;
  const claimant = c.claimant ? (
    <Link to={`/actors/${c.claimant.id}/show`}>
      <UserText>{c.claimant.name}</UserText>
    </Link>
  ) : (
    t('app.claim.unknown_claimant')
  );
  return (
    <Card component="section" aria-label={t('app.claim_list.claim')}>
      <CardContent>
        {/* Focus comes here after a workflow action, so the new state is what is heard next. */}
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, mb: 1.5 }} role="group" id="claim-status" tabIndex={-1} aria-label={t('app.claim.status')}>
          <StatusChip value={c.reviewStatus} />
          <VerdictChip value={c.verdict} />
          <DisputeChip value={c.disputeStatus} />
          <AttributionChip value={c.attributionStatus} sentence />
        </Stack>
        <Typography variant="h5" component="h2" sx={{ fontWeight: 500 }} {...userText(lang)}>
          {c.text}
        </Typography>
        {c.quote && (
          <Typography
            component="blockquote"
            variant="body1"
            {...userText(lang)}
            sx={{
              mx: 0,
              my: 2,
              paddingInlineStart: 2,
              borderInlineStart: (theme) => `4px solid ${theme.palette.primary.light}`,
              fontStyle: 'italic',
              color: 'text.secondary',
            }}
          >
            <Box component="q" sx={{ quotes: 'auto' }}>
              {c.quote}
            </Box>
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {c.claimedOn ? <Parts message={t('app.claim.said_on', { day: f.day(c.claimedOn) })} parts={{ claimant }} /> : claimant}
          {c.context ? (
            <>
              {' — '}
              <UserText lang={lang}>{c.context}</UserText>
            </>
          ) : null}
        </Typography>
        {c.firstAppearance && (
          <Typography variant="body2" color="text.secondary">
            <Parts
              message={t('app.claim.first_appeared')}
              parts={{
                source: (
                  <Link to={`/sources/${c.firstAppearance.id}/show`}>
                    <UserText>{c.firstAppearance.title}</UserText>
                  </Link>
                ),
              }}
            />
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
  const t = useT();
  const f = useFormats();
  const c = useRecordContext()!;
  if (!c.verdict && !c.verdictRationale) return null;
  const published = c.reviewStatus === 'PUBLISHED';
  const heading = c.reviewStatus === 'PENDING_APPROVAL' ? t('app.claim.proposed_verdict') : published ? t('app.claim.published_verdict') : t('app.claim.verdict_card');
  const name = (person: { displayName: string }) => <UserText>{person.displayName}</UserText>;
  return (
    <Card component="section" aria-label={heading}>
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6" component="h3">{heading}</Typography>
          <VerdictChip value={c.verdict} />
        </Stack>
        {c.verdictRationale && (
          // The newsroom's words, not necessarily in the claim's language: direction only.
          <Typography variant="body1" {...userText()}>
            {c.verdictRationale}
          </Typography>
        )}
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
          <ProposedBy by={c.proposedBy} at={c.proposedAt} />{' '}
          {c.approvedBy && published && <Parts message={t('app.claim.approved_by')} parts={{ name: name(c.approvedBy) }} />}{' '}
          {c.publishedAt && published && t('app.claim.published_on', { when: f.instant(c.publishedAt) })}
        </Typography>
      </CardContent>
    </Card>
  );
}

function DetailsCard() {
  const t = useT();
  const f = useFormats();
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
    <Card component="section" aria-label={t('ra.message.details')}>
      <CardContent>
        <Typography variant="h6" component="h3" gutterBottom>
          {t('ra.message.details')}
        </Typography>
        {row(t('app.field.assigneeId'), c.assignee ? <UserText>{c.assignee.displayName}</UserText> : t('app.common.nobody'))}
        {row(
          t('app.field.topics'),
          c.topics?.length ? (
            <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
              {c.topics.map((topic: { slug: string; name: string }) => (
                <Chip
                  key={topic.slug}
                  size="small"
                  label={<UserText>{topic.name}</UserText>}
                  component={Link}
                  to={`/claims?filter=${encodeURIComponent(JSON.stringify({ topic: topic.slug }))}`}
                  clickable
                />
              ))}
            </Stack>
          ) : null,
        )}
        {row(t('app.field.language'), c.language ? <LanguageName tag={c.language} /> : null)}
        {row(
          t('app.claim.recorded'),
          c.createdBy ? <Parts message={t('app.claim.recorded_by', { when: f.instant(c.createdAt) })} parts={{ name: <UserText>{c.createdBy.displayName}</UserText> }} /> : f.instant(c.createdAt),
        )}
        {row(t('app.claim.last_change'), f.instant(c.updatedAt))}
        {row(t('app.claim.version'), f.number(c.version))}
        {row(t('app.claim.imported_from'), c.importedFrom ? <a href={c.importedFrom} target="_blank" rel="noreferrer noopener" dir="ltr">{c.importedFrom}</a> : null)}
        {row(t('app.claim.original_rating'), c.originalRating ? <UserText>{c.originalRating}</UserText> : null)}
        {c.internalNote && (
          <Alert severity="warning" icon={false} sx={{ mt: 1 }}>
            <Parts message={t('app.claim.internal_note')} parts={{ label: <strong>{t('app.field.internalNote')}</strong> }} />{' '}
            <UserText>{c.internalNote}</UserText>
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

/** A claim's language by name in the reader's language, with its tag: "Persian (fa)", « persan (fa) ». */
function LanguageName({ tag }: { tag: string }) {
  const t = useT();
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([t.locale], { type: 'language' }).of(tag);
  } catch {
    // A tag Intl does not know: the tag alone says it.
  }
  return (
    <>
      {name && name !== tag ? `${name} ` : ''}
      <Box component="code" dir="ltr" sx={{ fontSize: '0.85em' }}>
        {tag}
      </Box>
    </>
  );
}
