import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import type { QueryCounter } from './query-counter';

export { QueryCounter } from './query-counter';

export type Db = PrismaClient<'query'>;

/** A Prisma client on a pool of `poolSize` connections (FLOPSCOPE_DB_POOL_SIZE, default 10). */
export function createPrisma(databaseUrl: string, opts: { poolSize?: number; statementTimeoutMs?: number; counter?: QueryCounter } = {}): Db {
  const { poolSize = 10, statementTimeoutMs = 10000, counter } = opts;
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    // A stopped database must not hang requests: fail fast, let /readyz say so, recover when it is back.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    // No statement may hold a connection for long: requests are bounded end to end.
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: 10000,
  });
  // A transaction waits at most 5 s for a connection and runs at most 10 s (an import sets its own),
  // so a connection is never held for long; a mutation's answer waits for its rollback at the request timeout.
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }], transactionOptions: { maxWait: 5000, timeout: 10000 } }) as Db;
  if (counter) prisma.$on('query', () => counter.add());
  return prisma;
}
