import type { Db } from '../db/prisma';
import type { Library, Prisma } from '../generated/prisma/client';
import { PRESETS } from '../core';
import { canRead, readableLibraries } from './access';
import { badInput, notFound, unauthenticated } from './errors';
import { normaliseInput, tokenizerMethodOf } from './scenario.input';
import type { Viewer } from './viewer';

export const EXAMPLES_KEY = 'examples';

export async function listLibraries(db: Db, viewer: Viewer | null): Promise<Library[]> {
  return db.library.findMany({ where: readableLibraries(viewer), orderBy: { id: 'asc' } });
}

/** A library the viewer may read; NOT_FOUND otherwise, so its existence is not revealed. */
export async function getLibrary(db: Db, viewer: Viewer | null, id: string): Promise<Library> {
  const library = isUuid(id) ? await db.library.findUnique({ where: { id } }) : await db.library.findUnique({ where: { key: id } });
  if (!library || !canRead(library, viewer)) throw notFound('Library', id);
  return library;
}

export async function createLibrary(db: Db, viewer: Viewer | null, input: { name: string; description?: string | null; visibility?: 'PRIVATE' | 'PUBLIC' | null }): Promise<Library> {
  if (!viewer) throw unauthenticated('Creating a library');
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw badInput('input.name', 'name must be 1 to 200 characters');
  if (input.description && input.description.length > 10000) throw badInput('input.description', 'description must be at most 10,000 characters');
  return db.library.create({ data: { name, description: input.description ?? null, visibility: input.visibility ?? 'PRIVATE', createdById: viewer.userId } });
}

/** The public, read-only "examples" library with the core's presets; new presets are added on upgrade. */
export async function ensureExamplesLibrary(db: Db): Promise<Library> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7070707071)`;
    const library =
      (await tx.library.findUnique({ where: { key: EXAMPLES_KEY } })) ??
      (await tx.library.create({
        data: { key: EXAMPLES_KEY, name: 'examples', description: 'Presets: the Sora article reproduced and corrected, and reference LLM runs. Read-only; fork to edit.', visibility: 'PUBLIC', readOnly: true },
      }));
    const existing = new Set((await tx.scenario.findMany({ where: { libraryId: library.id }, select: { tags: true } })).flatMap((s) => s.tags));
    for (const preset of PRESETS) {
      const presetTag = `preset:${preset.key}`;
      if (existing.has(presetTag)) continue;
      const input = normaliseInput(preset.input) as Prisma.InputJsonObject;
      const tags = [...preset.tags, presetTag];
      const scenario = await tx.scenario.create({
        data: { libraryId: library.id, name: preset.name, description: preset.description, tags, input, tokenizerMethod: tokenizerMethodOf(preset.input) },
      });
      await tx.scenarioRevision.create({ data: { scenarioId: scenario.id, version: 1, name: preset.name, description: preset.description, tags, input } });
    }
    return library;
  });
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
