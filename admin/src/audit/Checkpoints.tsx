import GppGoodIcon from '@mui/icons-material/GppGood';
import { Alert, AlertTitle, Box, Button, Card, CardContent, CircularProgress, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useDataProvider, usePermissions } from 'react-admin';
import { CheckpointLogChecker, type Checkpoint, type CheckpointCrypto, type CheckpointProblem } from '@domain/checkpoint';
import { isAudit } from '../access';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { formatPrecise } from '../common/format';

/**
 * The server's signed checkpoints, checked here in the browser with WebCrypto (Ed25519 and
 * SHA-256): every signature against the published key, every hash, every link — the same rules,
 * from the same module, as `npm run verify --checkpoints`. The key's id is remembered in this
 * browser, so a key that changes is pointed out.
 */

interface PublishedKey {
  algorithm: string;
  keyId: string;
  publicKey: string;
}

type Outcome =
  | { kind: 'off'; message: string }
  | { kind: 'unsupported'; latest: Checkpoint | null }
  | { kind: 'checked'; key: PublishedKey; latest: Checkpoint | null; count: number; problem: CheckpointProblem | null; keySeenBefore: string | null };

const KEY_SEEN = 'claimledger.checkpointKeyId';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (text: string) => new TextEncoder().encode(text);

async function webCrypto(key: PublishedKey): Promise<CheckpointCrypto | null> {
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', bytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null; // a browser without Ed25519 in WebCrypto
  }
  // The key's id is the SHA-256 of its bytes: computed here, not taken from the server.
  const keyId = hex(await crypto.subtle.digest('SHA-256', bytes(key.publicKey)));
  return {
    keyId,
    sha256Hex: async (text) => hex(await crypto.subtle.digest('SHA-256', utf8(text))),
    verify: (message, signature) => crypto.subtle.verify({ name: 'Ed25519' }, publicKey, bytes(signature), utf8(message)),
  };
}

/** Downloads the public key and log (no login needed) and checks every checkpoint. */
async function checkPublished(): Promise<Outcome> {
  const keyRes = await fetch('/checkpoints/public-key');
  if (!keyRes.ok) {
    const body = (await keyRes.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    return { kind: 'off', message: body?.errors?.[0]?.message ?? `The server answered ${keyRes.status}.` };
  }
  const key = (await keyRes.json()) as PublishedKey;
  const log = new Uint8Array(await (await fetch('/checkpoints.ndjson')).arrayBuffer());
  const lines: Uint8Array[] = [];
  for (let start = 0; start < log.length; ) {
    const lf = log.indexOf(0x0a, start);
    lines.push(log.subarray(start, lf === -1 ? log.length : lf));
    if (lf === -1) break;
    start = lf + 1;
  }
  const cryptography = await webCrypto(key);
  if (!cryptography) {
    const last = lines[lines.length - 1];
    return { kind: 'unsupported', latest: last ? (JSON.parse(new TextDecoder().decode(last)) as Checkpoint) : null };
  }
  const checker = new CheckpointLogChecker(cryptography);
  const unterminated = log.length > 0 && log[log.length - 1] !== 0x0a;
  for (const [i, line] of lines.entries()) if (!(await checker.addLine(line, !(unterminated && i === lines.length - 1)))) break;
  const problem = lines.length ? checker.finish() : null;
  const keySeenBefore = window.localStorage.getItem(KEY_SEEN);
  if (!keySeenBefore) window.localStorage.setItem(KEY_SEEN, cryptography.keyId);
  return {
    kind: 'checked',
    key: { ...key, keyId: cryptography.keyId },
    latest: checker.checkpoints[checker.checkpoints.length - 1] ?? null,
    count: checker.checkpoints.length,
    problem,
    keySeenBefore,
  };
}

export function CheckpointsCard() {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { permissions } = usePermissions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const load = useCallback(async () => {
    setError(null);
    try {
      setOutcome(await checkPublished());
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => void load(), [load]);
  const record = async () => {
    setRecording(true);
    setError(null);
    try {
      await dp.recordCheckpoint();
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRecording(false);
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h5" component="h2" gutterBottom>
          Signed checkpoints
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          The server regularly signs the number of events and a digest of every chain’s head, each checkpoint linked to the one before, and publishes them with its
          public key (/checkpoints.ndjson, /checkpoints/public-key). This page checks them in your browser. Keep a copy of the log: compared with a later copy or
          with other auditors’ (npm run verify -- --checkpoints), it shows whether the server ever signed two different histories.
        </Typography>
        {!outcome && !error && <CircularProgress size={24} aria-label="Checking checkpoints" />}
        {error && <Alert severity="error">{error}</Alert>}
        {outcome && <CheckpointOutcome outcome={outcome} />}
        {isAudit(permissions) && outcome?.kind !== 'off' && (
          <Button sx={{ mt: 2 }} variant="outlined" startIcon={recording ? <CircularProgress size={16} /> : <GppGoodIcon />} onClick={record} disabled={recording}>
            Record a checkpoint now
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

function CheckpointOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'off') return <Alert severity="info">{outcome.message}</Alert>;
  if (outcome.kind === 'unsupported') {
    return (
      <Alert severity="warning" role="status">
        <AlertTitle>This browser cannot check Ed25519 signatures</AlertTitle>
        Use a current Chromium, Firefox or Safari, or check the log offline with npm run verify -- --checkpoints.
        {outcome.latest && <Latest checkpoint={outcome.latest} />}
      </Alert>
    );
  }
  const { latest, problem, key, count, keySeenBefore } = outcome;
  const keyChanged = keySeenBefore !== null && keySeenBefore !== key.keyId;
  return (
    <Box>
      {problem ? (
        <Alert severity="error" role="status" aria-label="Checkpoints failed">
          <AlertTitle>Failed: the checkpoint log does not verify</AlertTitle>
          Line {problem.line ?? 'end'}
          {problem.seq !== null ? ` (checkpoint #${problem.seq})` : ''}: {problem.reason} — {problem.message}
        </Alert>
      ) : latest ? (
        <Alert severity="success" role="status" aria-label="Checkpoints verified">
          <AlertTitle>Verified in your browser</AlertTitle>
          All {count} checkpoints are signed by the published key and each links to the one before. The latest covers the first {latest.position} events.
        </Alert>
      ) : (
        <Alert severity="info" role="status">
          No checkpoint has been recorded yet.
        </Alert>
      )}
      {keyChanged && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          The server’s key ({key.keyId}) is not the one this browser saw before ({keySeenBefore}). Ask the operator why before trusting what it signs.
        </Alert>
      )}
      {latest && <Latest checkpoint={latest} />}
      <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', mt: 1, wordBreak: 'break-all' }}>
        Public key id (SHA-256 of the key) {key.keyId}
      </Typography>
    </Box>
  );
}

function Latest({ checkpoint: c }: { checkpoint: Checkpoint }) {
  return (
    <Box component="dl" sx={{ mt: 1, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, '& dd': { m: 0, fontFamily: 'monospace', wordBreak: 'break-all' } }}>
      <dt>Latest checkpoint</dt>
      <dd>#{c.seq}</dd>
      <dt>Recorded</dt>
      <dd>{formatPrecise(c.recordedAt)}</dd>
      <dt>Events covered</dt>
      <dd>{c.eventCount}</dd>
      <dt>Digest of all chain heads</dt>
      <dd>{c.headsDigest}</dd>
      <dt>Checkpoint hash</dt>
      <dd>{c.hash}</dd>
    </Box>
  );
}
