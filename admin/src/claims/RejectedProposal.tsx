import { Card, CardContent, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { VerdictChip } from '../common/chips';
import { useFormats } from '../common/format';
import { UserText, userText } from '../common/userText';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';

/**
 * The last verdict proposal an editor sent back (`Claim.rejectedProposal`), apart from the
 * verdict: rejecting put the claim's verdict back to what it was before, so the proposal is shown
 * here as what it is, with who proposed it, who rejected it, when and why, for the checker to
 * revise (the propose dialog starts from it).
 */
export function RejectedProposalCard() {
  const t = useT();
  const f = useFormats();
  const c = useRecordContext();
  const p = c?.rejectedProposal;
  if (!p) return null;
  const heading = t('app.claim.rejected_proposal');
  const name = (person: { displayName: string } | null) => (person ? <UserText>{person.displayName}</UserText> : null);
  return (
    <Card component="section" aria-label={heading} variant="outlined" sx={{ borderColor: 'warning.main' }}>
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6" component="h3">{heading}</Typography>
          <VerdictChip value={p.verdict} />
        </Stack>
        {p.rationale && (
          // The newsroom's words, not necessarily in the claim's language: direction only.
          <Typography variant="body1" {...userText()} sx={{ color: 'text.secondary' }}>
            {p.rationale}
          </Typography>
        )}
        {p.reason && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            <strong>{t('app.common.reason')}:</strong> <UserText>{p.reason}</UserText>
          </Typography>
        )}
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
          <ProposedBy by={p.proposedBy} at={p.proposedAt} />{' '}
          {p.rejectedBy ? <Parts message={t('app.claim.rejected_by_at', { when: f.instant(p.rejectedAt) })} parts={{ name: name(p.rejectedBy) }} /> : null}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** "Proposed by <name> (on <when>)": a line of the verdict card and of the rejected proposal. */
export function ProposedBy({ by, at }: { by: { displayName: string } | null | undefined; at: string | null | undefined }) {
  const t = useT();
  const f = useFormats();
  if (!by) return null;
  return (
    <Parts
      message={at ? t('app.claim.proposed_by_at', { when: f.instant(at) }) : t('app.claim.proposed_by')}
      parts={{ name: <UserText>{by.displayName}</UserText> }}
    />
  );
}
