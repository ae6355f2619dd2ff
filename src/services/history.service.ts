import type { Db } from '../db/prisma';
import { RevisionWithAuthor, revisionsOfScenarios } from '../store/revision.store';

/** The histories of scenarios the caller may already read (no access check), in the order asked: one statement for any number. */
export async function historiesOf(db: Db, scenarioIds: readonly string[]): Promise<RevisionWithAuthor[][]> {
  const byScenario = new Map<string, RevisionWithAuthor[]>(scenarioIds.map((id) => [id, []]));
  for (const r of await revisionsOfScenarios(db, scenarioIds)) byScenario.get(r.scenarioId)?.push(r);
  return scenarioIds.map((id) => byScenario.get(id) ?? []);
}
