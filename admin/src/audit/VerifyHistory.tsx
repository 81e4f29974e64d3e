import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Alert, AlertTitle, Box, Button, CircularProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { ClaimLedgerDataProvider, VerifyResult } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';

/**
 * Re-checks a claim's hash chain on the server (every hash and link, and that the chain reaches
 * the claim's current version) and says pass or fail in one line, with the first broken link.
 */
export function VerifyHistoryButton({ claimId, size = 'medium' }: { claimId: string; size?: 'small' | 'medium' }) {
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
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  };
  return (
    <Box>
      <Button variant="outlined" size={size} startIcon={pending ? <CircularProgress size={16} /> : <VerifiedUserIcon />} onClick={verify} disabled={pending}>
        Verify history
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
  if (result.valid) {
    return (
      <Alert severity="success" icon={<CheckCircleIcon />} sx={{ mt: 1 }} role="status" aria-label="Verification passed">
        <AlertTitle>Passed: the history is intact</AlertTitle>
        All {result.eventCount} events check out: every hash and every link to the previous event, and the chain ends at the claim's current version (
        {result.currentVersion}).
        {result.headHash && (
          <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', mt: 0.5, wordBreak: 'break-all' }}>
            Head hash {result.headHash}
          </Typography>
        )}
      </Alert>
    );
  }
  const b = result.firstBreak;
  return (
    <Alert severity="error" icon={<ErrorIcon />} sx={{ mt: 1 }} role="status" aria-label="Verification failed">
      <AlertTitle>Failed: the history has been tampered with or is incomplete</AlertTitle>
      {b ? (
        <>
          The chain breaks at event #{b.seq} ({b.reason}): {b.message}
        </>
      ) : (
        'The chain does not verify.'
      )}{' '}
      {result.eventCount} event{result.eventCount === 1 ? '' : 's'} checked before the break; the claim is at version {result.currentVersion}.
    </Alert>
  );
}
