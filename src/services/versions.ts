/** Versions of a scenario: the change note a save carries, and the CONFLICT of a save from a stale version. */
import type { ScenarioRevision } from '../generated/prisma/client';
import type { Tx } from '../store/client';
import * as scenarios from '../store/scenario.store';
import { changedPaths } from './diff';
import { conflict, notFound } from './errors';
import { checkText, TEXT_LIMITS } from './text';

/** A version's change note, checked: trimmed, at most TEXT_LIMITS.note characters; null when none (or blank). */
export function checkNote(note: unknown): string | null {
  return checkText(note, 'note', TEXT_LIMITS.note) || null;
}

/** A version as ScenarioInput shows it: the stored input with its name, description and tags. */
const asInput = (r: Pick<ScenarioRevision, 'name' | 'description' | 'tags' | 'input'>) => ({
  ...(r.input as Record<string, unknown>),
  name: r.name,
  description: r.description,
  tags: r.tags,
});

/**
 * The CONFLICT of a save based on a stale version: the current version, who saved it and when
 * (`savedBy`, null when that user is gone or the server wrote it), and `changedPaths`, the input
 * paths where the current version differs from the one the client started from, sorted (null when there
 * is no such version), so a client can show what changed and merge. NOT_FOUND when the scenario is gone.
 */
export async function staleVersion(tx: Tx, id: string, expectedVersion: number) {
  const now = await scenarios.liveScenarioVersion(tx, id);
  if (now === null) return notFound('Scenario', id);
  const [current, base] = await Promise.all([
    scenarios.revisionWithAuthor(tx, id, now),
    Number.isInteger(expectedVersion) && expectedVersion >= 1 && expectedVersion < now ? scenarios.findRevision(tx, id, expectedVersion) : null,
  ]);
  const savedBy = current?.author ? { id: current.author.id, name: current.author.name } : null;
  return conflict(
    `Scenario ${id} is at version ${now}, not ${expectedVersion}` +
      (current ? `: saved by ${savedBy?.name ?? 'the server'} at ${current.createdAt.toISOString()}` : '') +
      '; reload it and apply your change again',
    {
      currentVersion: now,
      expectedVersion,
      savedBy,
      savedAt: current ? current.createdAt.toISOString() : null,
      changedPaths: base && current ? changedPaths(asInput(base), asInput(current)).sort() : null,
    },
  );
}
