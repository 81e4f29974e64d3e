import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout; secrets in headers never reach them. */
export function createLogger(level: string, name = 'claimledger'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '[redacted]' },
  });
}
