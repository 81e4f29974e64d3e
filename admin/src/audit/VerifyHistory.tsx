import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Alert, AlertTitle, Box, Button, CircularProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { ClaimLedgerDataProvider, VerifyResult } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';

/**
 * Re-checks a claim's hash chain on the server (every hash and link, and that the chain reaches
 * the claim's current version) and says pass or fail in one line, with the first broken link.
 */
export function VerifyHistoryButton({ claimId, size = 'medium' }: { claimId: string; size?: 'small' | 'medium' }) {
  const t = useT();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const verify = async () => {
    setPending(true);
    setError(null);
    setResult(null);
    try {
      setResult(await dp.verifyHistory(claimId));
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setPending(false);
    }
  };
  return (
    <Box>
      <Button variant="outlined" size={size} startIcon={pending ? <CircularProgress size={16} /> : <VerifiedUserIcon />} onClick={verify} disabled={pending}>
        {t('app.verify.button')}
      </Button>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {result && <VerifyOutcome result={result} />}
    </Box>
  );
}

function VerifyOutcome({ result }: { result: VerifyResult }) {
  const t = useT();
  if (result.valid) {
    return (
      <Alert severity="success" icon={<CheckCircleIcon />} sx={{ mt: 1 }} role="status" aria-label={t('app.verify.passed')}>
        <AlertTitle>{t('app.verify.passed_title')}</AlertTitle>
        {t('app.verify.passed_body', { count: result.eventCount, version: result.currentVersion })}
        {result.headHash && (
          <Typography variant="caption" component="div" dir="ltr" sx={{ fontFamily: 'monospace', mt: 0.5, wordBreak: 'break-all' }}>
            {t('app.verify.head_hash', { hash: result.headHash })}
          </Typography>
        )}
      </Alert>
    );
  }
  const b = result.firstBreak;
  return (
    <Alert severity="error" icon={<ErrorIcon />} sx={{ mt: 1 }} role="status" aria-label={t('app.verify.failed')}>
      <AlertTitle>{t('app.verify.failed_title')}</AlertTitle>
      {/* The reason and its message are the verifier's (docs/history-verification.md), as exports and the CLI say them. */}
      {b ? t('app.verify.breaks_at', { seq: b.seq, reason: b.reason, message: b.message }) : t('app.verify.does_not_verify')}{' '}
      {t('app.verify.checked', { smart_count: result.eventCount, version: result.currentVersion })}
    </Alert>
  );
}
