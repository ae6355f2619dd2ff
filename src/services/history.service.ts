import type { Db } from '../store/client';
import { RevisionWithAuthor, revisionsOfScenarios } from '../store/revision.store';
import { revisionNotes } from '../store/scenario.store';

/** One version of a scenario as its history lists it, with its author. */
export type Revision = RevisionWithAuthor;

/** The histories of scenarios the caller may already read (no access check), in the order asked: one statement for any number. */
export async function historiesOf(db: Db, scenarioIds: readonly string[]): Promise<Revision[][]> {
  const byScenario = new Map<string, Revision[]>(scenarioIds.map((id) => [id, []]));
  for (const r of await revisionsOfScenarios(db, scenarioIds)) byScenario.get(r.scenarioId)?.push(r);
  return scenarioIds.map((id) => byScenario.get(id) ?? []);
}

/** The change notes of versions ("<scenario id>@<version>") of scenarios the caller may already read, in the order asked: one statement per batch. */
export async function notesOf(db: Db, keys: readonly string[]): Promise<(string | null)[]> {
  const asked = keys.map((k) => {
    const at = k.lastIndexOf('@');
    return { scenarioId: k.slice(0, at), version: Number(k.slice(at + 1)) };
  });
  const rows = await revisionNotes(db, asked);
  const byKey = new Map(rows.map((r) => [`${r.scenarioId}@${r.version}`, r.note]));
  return keys.map((k) => byKey.get(k) ?? null);
}
