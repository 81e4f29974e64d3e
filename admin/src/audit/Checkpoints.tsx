import GppGoodIcon from '@mui/icons-material/GppGood';
import { Alert, AlertTitle, Box, Button, Card, CardContent, CircularProgress, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useDataProvider, usePermissions } from 'react-admin';
import { CheckpointLogChecker, type Checkpoint, type CheckpointCrypto, type CheckpointProblem } from '@domain/checkpoint';
import { isAudit } from '../access';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { useFormats } from '../common/format';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';

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
    // The server's words name the setting its operator must give.
    return { kind: 'off', message: body?.errors?.[0]?.message ?? `HTTP ${keyRes.status}` };
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

/** Paths and commands, left to right in any language. */
const Code = ({ children }: { children: string }) => <code dir="ltr">{children}</code>;

export function CheckpointsCard() {
  const t = useT();
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
      setError(errorMessage(e, t));
    }
  }, [t]);
  useEffect(() => void load(), [load]);
  const record = async () => {
    setRecording(true);
    setError(null);
    try {
      await dp.recordCheckpoint();
      await load();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setRecording(false);
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h5" component="h3" gutterBottom>
          {t('app.checkpoints.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          <Parts
            message={t('app.checkpoints.intro')}
            parts={{ log: <Code>/checkpoints.ndjson</Code>, key: <Code>/checkpoints/public-key</Code>, command: <Code>npm run verify -- --checkpoints</Code> }}
          />
        </Typography>
        {!outcome && !error && <CircularProgress size={24} aria-label={t('app.checkpoints.checking')} />}
        {error && <Alert severity="error">{error}</Alert>}
        {outcome && <CheckpointOutcome outcome={outcome} />}
        {isAudit(permissions) && outcome?.kind !== 'off' && (
          <Button sx={{ mt: 2 }} variant="outlined" startIcon={recording ? <CircularProgress size={16} /> : <GppGoodIcon />} onClick={record} disabled={recording}>
            {t('app.checkpoints.record')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

function CheckpointOutcome({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (outcome.kind === 'off') return <Alert severity="info">{outcome.message}</Alert>;
  if (outcome.kind === 'unsupported') {
    return (
      <Alert severity="warning" role="status">
        <AlertTitle>{t('app.checkpoints.unsupported_title')}</AlertTitle>
        <Parts message={t('app.checkpoints.unsupported')} parts={{ command: <Code>npm run verify -- --checkpoints</Code> }} />
        {outcome.latest && <Latest checkpoint={outcome.latest} />}
      </Alert>
    );
  }
  const { latest, problem, key, count, keySeenBefore } = outcome;
  const keyChanged = keySeenBefore !== null && keySeenBefore !== key.keyId;
  return (
    <Box>
      {problem ? (
        <Alert severity="error" role="status" aria-label={t('app.checkpoints.failed')}>
          <AlertTitle>{t('app.checkpoints.failed_title')}</AlertTitle>
          {/* The reason and its message are the checker's, as npm run verify says them. */}
          {problem.seq !== null
            ? t('app.checkpoints.failed_at_checkpoint', { line: problem.line ?? t('app.checkpoints.end'), seq: problem.seq, reason: problem.reason, message: problem.message })
            : t('app.checkpoints.failed_at', { line: problem.line ?? t('app.checkpoints.end'), reason: problem.reason, message: problem.message })}
        </Alert>
      ) : latest ? (
        <Alert severity="success" role="status" aria-label={t('app.checkpoints.verified')}>
          <AlertTitle>{t('app.checkpoints.verified_title')}</AlertTitle>
          {t('app.checkpoints.verified_body', { count, position: latest.position })}
        </Alert>
      ) : (
        <Alert severity="info" role="status">
          {t('app.checkpoints.none')}
        </Alert>
      )}
      {keyChanged && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          <Parts message={t('app.checkpoints.key_changed')} parts={{ key: <Code>{key.keyId}</Code>, before: <Code>{keySeenBefore}</Code> }} />
        </Alert>
      )}
      {latest && <Latest checkpoint={latest} />}
      <Typography variant="caption" component="div" dir="ltr" sx={{ fontFamily: 'monospace', mt: 1, wordBreak: 'break-all' }}>
        {t('app.checkpoints.key_id', { key: key.keyId })}
      </Typography>
    </Box>
  );
}

function Latest({ checkpoint: c }: { checkpoint: Checkpoint }) {
  const t = useT();
  const f = useFormats();
  return (
    <Box component="dl" sx={{ mt: 1, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, '& dd': { m: 0, fontFamily: 'monospace', wordBreak: 'break-all' } }}>
      <dt>{t('app.checkpoints.latest')}</dt>
      <dd>#{c.seq}</dd>
      <dt>{t('app.checkpoints.recorded')}</dt>
      <dd>{f.precise(c.recordedAt)}</dd>
      <dt>{t('app.checkpoints.events')}</dt>
      <dd>{f.number(c.eventCount)}</dd>
      <dt>{t('app.checkpoints.heads')}</dt>
      <dd dir="ltr">{c.headsDigest}</dd>
      <dt>{t('app.checkpoints.hash')}</dt>
      <dd dir="ltr">{c.hash}</dd>
    </Box>
  );
}
