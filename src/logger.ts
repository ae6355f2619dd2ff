import pino, { Logger } from 'pino';

/** Structured logs (pino). API keys never reach a log line: the Authorization header is redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'flopscope' },
    redact: { paths: ['req.headers.authorization', 'apiKey', '*.apiKey'], censor: '[redacted]' },
  });
}

export type { Logger };
