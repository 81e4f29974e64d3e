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
 * SHA-256): every signature against the published keys (the first, then each one a rotation
 * introduced), every hash, every link — the same rules, from the same module, as
 * `npm run verify --checkpoints`. The first key's id is remembered in this browser, so a key that
 * changes without a rotation signed by the one before is pointed out.
 */

interface PublishedKey {
  algorithm: string;
  keyId: string;
  publicKey: string;
}

type Outcome =
  | { kind: 'off'; message: string }
  | { kind: 'unsupported'; latest: Checkpoint | null }
  | { kind: 'checked'; key: PublishedKey; latest: Checkpoint | null; count: number; problem: CheckpointProblem | null; keySeenBefore: string | null; keysFollowed: string[] };

const KEY_SEEN = 'claimledger.checkpointKeyId';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Ed25519 and SHA-256 through WebCrypto, or null in a browser without Ed25519. */
async function webCrypto(probe: string): Promise<CheckpointCrypto | null> {
  const imported = new Map<string, Promise<CryptoKey | null>>();
  const importKey = (publicKey: string) => {
    if (!imported.has(publicKey)) imported.set(publicKey, crypto.subtle.importKey('raw', bytes(publicKey), { name: 'Ed25519' }, false, ['verify']).catch(() => null));
    return imported.get(publicKey)!;
  };
  if (!(await importKey(probe))) return null; // a browser without Ed25519 in WebCrypto
  return {
    sha256Hex: async (text) => hex(await crypto.subtle.digest('SHA-256', utf8(text))),
    // A key's id is the SHA-256 of its bytes: computed here, not taken from the server.
    keyIdOf: async (publicKey) => hex(await crypto.subtle.digest('SHA-256', bytes(publicKey))),
    verify: async (publicKey, message, signature) => {
      const key = await importKey(publicKey);
      return key !== null && crypto.subtle.verify({ name: 'Ed25519' }, key, bytes(signature), utf8(message));
    },
  };
}

/**
 * Downloads the keys and the log (no login needed) and checks every checkpoint from the first
 * key on, following each rotation to the key it introduces.
 */
async function checkPublished(): Promise<Outcome> {
  const keysRes = await fetch('/checkpoints/public-keys');
  if (!keysRes.ok) {
    const body = (await keysRes.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    // The server's words name the setting its operator must give.
    return { kind: 'off', message: body?.errors?.[0]?.message ?? `HTTP ${keysRes.status}` };
  }
  const { keys } = (await keysRes.json()) as { keys: PublishedKey[] };
  const log = new Uint8Array(await (await fetch('/checkpoints.ndjson')).arrayBuffer());
  const lines: Uint8Array[] = [];
  for (let start = 0; start < log.length; ) {
    const lf = log.indexOf(0x0a, start);
    lines.push(log.subarray(start, lf === -1 ? log.length : lf));
    if (lf === -1) break;
    start = lf + 1;
  }
  const first = keys[0]!;
  const cryptography = await webCrypto(first.publicKey);
  if (!cryptography) {
    const last = lines[lines.length - 1];
    return { kind: 'unsupported', latest: last ? (JSON.parse(new TextDecoder().decode(last)) as Checkpoint) : null };
  }
  const checker = new CheckpointLogChecker(cryptography, first.publicKey);
  const unterminated = log.length > 0 && log[log.length - 1] !== 0x0a;
  for (const [i, line] of lines.entries()) if (!(await checker.addLine(line, !(unterminated && i === lines.length - 1)))) break;
  const problem = lines.length ? checker.finish() : null;
  // With no checkpoint yet, the only key is the one the server names.
  const keysFollowed = checker.keys.length ? checker.keys.map((k) => k.keyId) : [await cryptography.keyIdOf(first.publicKey)];
  const keySeenBefore = window.localStorage.getItem(KEY_SEEN);
  if (!keySeenBefore) window.localStorage.setItem(KEY_SEEN, keysFollowed[0]!);
  return {
    kind: 'checked',
    key: { ...keys[keys.length - 1]!, keyId: keysFollowed[keysFollowed.length - 1]! },
    latest: checker.checkpoints[checker.checkpoints.length - 1] ?? null,
    count: checker.checkpoints.length,
    problem,
    keySeenBefore,
    keysFollowed,
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
  const { latest, problem, key, count, keySeenBefore, keysFollowed } = outcome;
  // A key this browser saw that rotated to the current one through the log is no change to warn about.
  const keyChanged = keySeenBefore !== null && !keysFollowed.includes(keySeenBefore);
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
