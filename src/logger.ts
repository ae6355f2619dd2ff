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

/** Startup milestones at debug level, with `at`: ms since the process started (what the start target measures). */
export function startTrace(log: Logger, step: string, fields: Record<string, unknown> = {}): void {
  log.debug({ ...fields, at: Math.round(performance.now()) }, `start: ${step}`);
}
