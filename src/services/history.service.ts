import type { Db } from '../store/client';
import { RevisionWithAuthor, revisionsOfScenarios } from '../store/revision.store';

/** One version of a scenario as its history lists it, with its author. */
export type Revision = RevisionWithAuthor;

/** The histories of scenarios the caller may already read (no access check), in the order asked: one statement for any number. */
export async function historiesOf(db: Db, scenarioIds: readonly string[]): Promise<Revision[][]> {
  const byScenario = new Map<string, Revision[]>(scenarioIds.map((id) => [id, []]));
  for (const r of await revisionsOfScenarios(db, scenarioIds)) byScenario.get(r.scenarioId)?.push(r);
  return scenarioIds.map((id) => byScenario.get(id) ?? []);
}
