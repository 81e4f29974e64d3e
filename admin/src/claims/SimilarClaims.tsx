import { Alert, AlertTitle, Box, Link as MuiLink, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDebouncedText } from '../common/useDebouncedText';
import { Link, useDataProvider } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { StatusChip, VerdictChip } from '../common/chips';
import { useFormats } from '../common/format';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import type { ClaimLedgerDataProvider } from '../dataProvider';

/** Existing claims that look like the statement being typed, so nobody checks the same claim twice. */
export function SimilarClaims({ excludeId }: { excludeId?: string }) {
  const t = useT();
  const f = useFormats();
  const text = (useWatch({ name: 'text' }) as string | undefined) ?? '';
  const debounced = useDebouncedText(text.trim(), 350);
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { data } = useQuery({
    queryKey: ['claims', 'similar', debounced],
    queryFn: () => dp.similarClaims(debounced, 5),
    enabled: debounced.length >= 12,
    staleTime: 30_000,
  });
  const similar = (data ?? []).filter((s) => s.claim.id !== excludeId && s.similarity >= 0.3);
  if (debounced.length < 12 || !similar.length) return null;
  return (
    <Alert severity="warning" sx={{ my: 1, width: '100%' }} aria-label={t('app.similar.title')}>
      <AlertTitle>{t('app.similar.title')}</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('app.similar.intro')}
      </Typography>
      {similar.map(({ claim, similarity }) => (
        <Box key={claim.id} sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 0.5 }}>
          <MuiLink component={Link} to={`/claims/${claim.id}/show`} target="_blank" variant="body2">
            <UserText lang={claim.language as string | null}>{String(claim.text)}</UserText>
          </MuiLink>
          <Typography variant="caption" color="text.secondary">
            <UserText>{(claim.claimant as { name?: string } | null)?.name ?? ''}</UserText> · {t('app.similar.alike', { percent: f.percent(similarity) })}
          </Typography>
          <StatusChip value={claim.reviewStatus as string} />
          <VerdictChip value={claim.verdict as string | null} />
        </Box>
      ))}
    </Alert>
  );
}
