import type { Prisma } from '../generated/prisma/client';
import type { Tx } from './client';
import type { ScenarioContent } from './scenario.store';

export type NewScenario = ScenarioContent & { tokenizerMethod: string };

/** Inserts scenarios at version 1 with their first revisions: two statements for a whole batch, inside the caller's transaction. */
export async function insertScenariosWithRevisions(tx: Tx, libraryId: string, authorId: string | null, rows: NewScenario[]): Promise<number> {
  if (rows.length === 0) return 0;
  const input = (r: NewScenario) => r.input as unknown as Prisma.InputJsonObject;
  const created = await tx.scenario.createManyAndReturn({
    data: rows.map((r) => ({
      libraryId,
      name: r.name,
      description: r.description,
      tags: r.tags,
      input: input(r),
      tokenizerMethod: r.tokenizerMethod,
      createdById: authorId,
    })),
    select: { id: true },
  });
  // Each first revision copies its scenario's row, so nothing depends on the order RETURNING gives.
  const ids = created.map((c) => c.id);
  await tx.$executeRaw`
    INSERT INTO scenario_revisions (id, scenario_id, version, name, description, tags, input, author_id, created_at)
    SELECT gen_random_uuid(), s.id, 1, s.name, s.description, s.tags, s.input, s.created_by_id, s.created_at
    FROM scenarios s WHERE s.id = ANY(${ids}::uuid[])`;
  return created.length;
}
