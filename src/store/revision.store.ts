import type { ScenarioRevision } from '../generated/prisma/client';
import type { Client } from './client';

export type RevisionWithAuthor = ScenarioRevision & { author: { id: string; name: string } | null };

/** The histories of many scenarios in one read: every revision, newest first within each scenario, with its author. */
export async function revisionsOfScenarios(db: Client, scenarioIds: readonly string[]): Promise<RevisionWithAuthor[]> {
  if (scenarioIds.length === 0) return [];
  return db.scenarioRevision.findMany({
    where: { scenarioId: { in: [...scenarioIds] } },
    orderBy: [{ scenarioId: 'asc' }, { version: 'desc' }],
    include: { author: { select: { id: true, name: true } } },
  });
}
