/**
 * How many scenarios one API key may write by importLibrary in a minute (rate-limiter-flexible, in
 * memory, per process; FLOPSCOPE_IMPORT_ROWS_PER_MINUTE). The concurrency limits (one import per
 * key at a time) bound how much of the pool a key holds; this bounds how much of the database's
 * write throughput it takes: a script looping over imports of a few thousand scenarios would
 * otherwise keep PostgreSQL writing for it alone while everyone else's saves wait. Only rows
 * written count: an import that fails, or the duplicates it skips, give their share back.
 * Streamed imports (POST /libraries/{id}/import) are the bulk path and are bounded by their own
 * concurrency (FLOPSCOPE_STREAMS_PER_KEY) instead.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from './errors';

export interface ImportBudget {
  readonly rowsPerMinute: number;
  /** Takes `rows` of `key`'s minute, or throws RATE_LIMITED saying when there will be room. */
  take(key: string, rows: number): Promise<void>;
  /** Gives back rows taken but not written. */
  giveBack(key: string, rows: number): Promise<void>;
}

export function createImportBudget(rowsPerMinute: number): ImportBudget {
  const limiter = new RateLimiterMemory({ points: rowsPerMinute, duration: 60 });
  return {
    rowsPerMinute,
    async take(key, rows) {
      if (rows === 0) return;
      if (rows > rowsPerMinute) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `An import of ${rows} scenarios is more than this server writes for one key in a minute (${rowsPerMinute}); stream it to POST /libraries/{id}/import (npm run import)`,
          { limit: 'importRowsPerMinute', field: 'document.scenarios' },
        );
      }
      try {
        await limiter.consume(key, rows);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        // rate-limiter-flexible counts the refused attempt: it was not written, so it is given back.
        await limiter.reward(key, rows);
        const used = e.consumedPoints - rows;
        const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new DomainError(
          'RATE_LIMITED',
          `This key has imported ${used} of its ${rowsPerMinute} scenarios a minute; ${rows} more fit in ${retryAfterSeconds} s`,
          { limit: 'importRowsPerMinute', retryAfterSeconds },
        );
      }
    },
    async giveBack(key, rows) {
      if (rows > 0) await limiter.reward(key, rows);
    },
  };
}
