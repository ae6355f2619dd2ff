import { Prisma } from '../generated/prisma/client';
import type { Client, Tx } from './client';

/**
 * The rows of a streamed export or import (services/stream.service.ts), a batch at a time: the
 * library's size is never held in memory.
 */

/**
 * The next `limit` live scenarios of a library after `afterId` (in id order, the keyset of the
 * partial index scenarios_live_library_id_id_idx), each as its export line — the JSON text built by
 * PostgreSQL, so the server only joins lines.
 */
export function exportLines(db: Client, libraryId: string, afterId: string | null, limit: number): Promise<{ id: string; line: string }[]> {
  // (ORDER BY scenarios.id: a bare `id` would be the text column of the output, sorted apart from any index.)
  // Two statements rather than `($after IS NULL OR id > $after)`, which the planner cannot turn into an index range.
  const after = afterId === null ? Prisma.empty : Prisma.sql`AND id > ${afterId}::uuid`;
  return db.$queryRaw<{ id: string; line: string }[]>`
    SELECT id::text AS id,
           json_build_object('name', name, 'description', description, 'tags', tags, 'input', input)::text AS line
    FROM scenarios
    WHERE library_id = ${libraryId}::uuid AND deleted_at IS NULL ${after}
    ORDER BY scenarios.id
    LIMIT ${limit}`;
}

/**
 * Whether the library has live scenarios from before this transaction — those an import's rows can
 * duplicate (its own rows are never compared: duplicatesOf takes rows created before it).
 */
export async function hasEarlierScenarios(tx: Tx, libraryId: string): Promise<boolean> {
  const found = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM scenarios WHERE library_id = ${libraryId}::uuid AND deleted_at IS NULL AND created_at < now() LIMIT 1`;
  return found.length > 0;
}

/**
 * Which of `rows` (by index) a live scenario of the library already holds — the same name and the
 * same input (jsonb equality: key order and number spelling aside) — among the rows that were there
 * before this transaction began (`created_at < now()`, the transaction's start), so that a document
 * that holds two equal scenarios imports both. One statement per batch, by the name index once
 * PostgreSQL's statistics know the library (with none, it may read the library's every row).
 */
export async function duplicatesOf(tx: Tx, libraryId: string, rows: readonly { name: string; input: unknown }[]): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  const names = rows.map((r) => r.name);
  const inputs = rows.map((r) => JSON.stringify(r.input));
  const found = await tx.$queryRaw<{ i: bigint }[]>`
    SELECT b.i FROM unnest(${names}::text[], ${inputs}::jsonb[]) WITH ORDINALITY AS b(name, input, i)
    WHERE EXISTS (
      SELECT 1 FROM scenarios s
      WHERE s.library_id = ${libraryId}::uuid AND s.deleted_at IS NULL AND s.name = b.name
        AND s.input = b.input AND s.created_at < now())`;
  return new Set(found.map((r) => Number(r.i) - 1));
}
