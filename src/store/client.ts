import type { Prisma } from '../generated/prisma/client';

/**
 * What the store's functions run on. Each takes the client first and plain arguments after, and
 * returns rows: the rules (access, validation, conflicts, errors) stay in src/services.
 *
 * Transactions are the services' to open (`db.$transaction(async (tx) => …)`): what must be
 * atomic is a rule. A function that takes a `Tx` writes or locks more than one thing and expects
 * to run inside the caller's transaction; one that takes a `Client` runs on either.
 */
export type { Db } from '../db/prisma';

/** The Prisma client or a transaction's client (the client is assignable to it). */
export type Client = Prisma.TransactionClient;

/** A transaction's client, as `db.$transaction(async (tx) => …)` hands it over. */
export type Tx = Prisma.TransactionClient;

/** Takes a transaction-scoped advisory lock (src/db/locks.ts), released at commit or rollback. */
export async function advisoryXactLock(tx: Tx, key: number | bigint): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
}
