import { advisoryXactLock, type Db, type Tx } from '../store/client';
import type { Library, LibraryHardware } from '../generated/prisma/client';
import { PRESETS } from '../core';
import * as libraries from '../store/library.store';
import type { LibraryChanges, LibraryHardwareRow, MemberWithUser } from '../store/library.store';
import {
  insertScenarioWithRevision,
  insertRevision,
  liveScenarioContents,
  liveScenarioVersions,
  setScenarioVersion,
  softDeleteScenario,
} from '../store/scenario.store';
import { userExists } from '../store/user.store';
import { accessLibrary, isUuid, readableLibraries, requireRole, requireViewer, Role } from './access';
import { badInput, coded, conflict, forbidden, notFound, raceConflict } from './errors';
import { ADVISORY_LOCKS } from '../db/locks';
import { canonical } from './diff';
import { checkText, TEXT_LIMITS } from './text';
import { libraryWrite, toHardwareSpec } from './hardware.service';
import { summaryColumns, summaryOf } from './summary';
import type { HardwareSpec } from '../core';
import { normaliseInput, tokenizerMethodOf } from './scenario.input';
import type { Viewer } from './viewer';

export const EXAMPLES_KEY = 'examples';

/** A library and its custom hardware (what its scenarios' estimates may use). */
export interface LibraryInfo {
  library: Library;
  hardware: HardwareSpec[];
}

export function toLibraryInfo(library: Library, hardware: LibraryHardwareRow[]): LibraryInfo {
  return { library, hardware: hardware.map((h) => toHardwareSpec(h as LibraryHardware)) };
}

/** Libraries by id with their custom hardware, in one statement, in the order asked (null where none). For rows already readable: no access check. */
export async function libraryInfos(db: Db, ids: readonly string[]): Promise<(LibraryInfo | null)[]> {
  const rows = await libraries.librariesWithHardware(db, ids);
  const byId = new Map(rows.map(({ hardware, ...library }) => [library.id, toLibraryInfo(library, hardware)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listLibraries(db: Db, viewer: Viewer | null): Promise<Library[]> {
  return libraries.listLibraries(db, readableLibraries(viewer));
}

/** A library the viewer may read; NOT_FOUND otherwise, so its existence is not revealed. */
export async function getLibrary(db: Db, viewer: Viewer | null, id: string): Promise<Library> {
  return (await accessLibrary(db, viewer, id)).library;
}

/** The viewer's role in a library they can read (null: reading a public library as a non-member). */
export async function myRole(db: Db, viewer: Viewer | null, libraryId: string): Promise<Role | null> {
  return (await accessLibrary(db, viewer, libraryId, { deleted: 'any' })).role;
}

export function checkLibraryMeta(input: { name: unknown; description?: unknown }): { name: string; description: string | null } {
  return {
    name: checkText(input.name, 'input.name', TEXT_LIMITS.name, { required: true })!,
    description: checkText(input.description, 'input.description', TEXT_LIMITS.description) || null,
  };
}

/** Any user may create a library; they become its OWNER. */
export async function createLibrary(
  db: Db,
  viewer: Viewer | null,
  input: { name: string; description?: string | null; visibility?: 'PRIVATE' | 'PUBLIC' | null },
): Promise<Library> {
  const me = requireViewer(viewer, 'Creating a library');
  const meta = checkLibraryMeta(input);
  return coded(libraries.insertLibraryWithOwner(db, { ...meta, visibility: input.visibility ?? 'PRIVATE', createdById: me.userId }));
}

export async function updateLibrary(
  db: Db,
  viewer: Viewer | null,
  id: string,
  input: { name?: string | null; description?: string | null; visibility?: 'PRIVATE' | 'PUBLIC' | null },
): Promise<Library> {
  requireViewer(viewer, 'Changing a library');
  const access = await accessLibrary(db, viewer, id);
  requireRole(access, viewer, 'OWNER', 'Changing a library');
  const data: LibraryChanges = {};
  if (input.name != null) Object.assign(data, checkLibraryMeta({ name: input.name, description: input.description ?? access.library.description }));
  else if (input.description !== undefined) data.description = checkLibraryMeta({ name: access.library.name, description: input.description }).description;
  if (input.visibility) data.visibility = input.visibility;
  return libraries.updateLibrary(db, access.library.id, data).catch((e) => {
    // P2025: the library itself is gone (no path of the API deletes one, but the database may).
    const race = raceConflict(e);
    throw race && (e as { code?: unknown }).code === 'P2025' ? notFound('Library', id) : (race ?? e);
  });
}

/**
 * Owners delete a library softly: it leaves every listing and read (its scenarios with it, and a
 * fork's `forkedFrom` that points into it) and takes no writes, until an owner restores it. The
 * write lock is taken exclusive, so a save in flight finishes first and the next one finds it deleted.
 */
export async function deleteLibrary(db: Db, viewer: Viewer | null, id: string): Promise<boolean> {
  requireViewer(viewer, 'Deleting a library');
  const access = await accessLibrary(db, viewer, id);
  if (access.library.key !== null || access.library.readOnly) {
    throw forbidden(`The built-in library "${access.library.name}" cannot be deleted`);
  }
  requireRole(access, viewer, 'OWNER', 'Deleting a library');
  return libraryWrite(db, access.library.id, async (tx) => (await libraries.setLibraryDeleted(tx, access.library.id, true)) === 1);
}

/** Brings a deleted library back, scenarios and all (OWNER of it, or the admin). */
export async function restoreLibrary(db: Db, viewer: Viewer | null, id: string): Promise<Library> {
  requireViewer(viewer, 'Restoring a library');
  const access = await accessLibrary(db, viewer, id, { deleted: 'only' });
  requireRole(access, viewer, 'OWNER', 'Restoring a library');
  if ((await libraries.setLibraryDeleted(db, access.library.id, false)) === 0) {
    throw conflict(`Library ${id} was restored meanwhile: it is not deleted any more`, { id, reason: 'CHANGED_MEANWHILE' });
  }
  return (await accessLibrary(db, viewer, access.library.id)).library;
}

/** The deleted libraries the caller owns (the admin: every deleted library), most recently deleted first. */
export async function deletedLibraries(db: Db, viewer: Viewer | null): Promise<Library[]> {
  const me = requireViewer(viewer, 'Listing deleted libraries');
  return libraries.deletedLibraries(db, me.isAdmin ? null : me.userId);
}

export async function listMembers(db: Db, viewer: Viewer | null, libraryId: string): Promise<MemberWithUser[]> {
  const access = await accessLibrary(db, viewer, libraryId, { deleted: 'any' });
  // Membership lists are for members (and the admin), even on public libraries.
  if (!viewer || (!viewer.isAdmin && access.role === null)) return [];
  return libraries.listMembersWithUsers(db, access.library.id);
}

/** Owners add members or change their role. A library never loses its last owner. */
export async function setLibraryMember(db: Db, viewer: Viewer | null, libraryId: string, userId: string, role: Role): Promise<MemberWithUser> {
  requireViewer(viewer, 'Managing members');
  const access = await accessLibrary(db, viewer, libraryId);
  requireRole(access, viewer, 'OWNER', 'Managing members');
  if (!isUuid(userId)) throw notFound('User', userId);
  if (!(await userExists(db, userId))) throw notFound('User', userId);
  return coded(
    db.$transaction(async (tx) => {
      await libraries.lockLibrary(tx, access.library.id);
      if (role !== 'OWNER') await assertAnotherOwner(tx, access.library.id, userId);
      return libraries.upsertMember(tx, access.library.id, userId, role);
    }),
  );
}

export async function removeLibraryMember(db: Db, viewer: Viewer | null, libraryId: string, userId: string): Promise<boolean> {
  requireViewer(viewer, 'Managing members');
  const access = await accessLibrary(db, viewer, libraryId);
  requireRole(access, viewer, 'OWNER', 'Managing members');
  if (!isUuid(userId)) throw notFound('User', userId);
  return coded(
    db.$transaction(async (tx) => {
      await libraries.lockLibrary(tx, access.library.id);
      await assertAnotherOwner(tx, access.library.id, userId);
      return (await libraries.deleteMember(tx, access.library.id, userId)) === 1;
    }),
  );
}

async function assertAnotherOwner(tx: Tx, libraryId: string, userId: string) {
  const current = await libraries.findMember(tx, libraryId, userId);
  if (current?.role !== 'OWNER') return;
  const owners = await libraries.countOwners(tx, libraryId);
  if (owners <= 1) throw badInput('userId', "this is the library's last owner: make someone else OWNER first");
}

/**
 * The public, read-only "examples" library with the core's presets. On every start, a preset that
 * is missing is added, one whose definition changed in this release gets a new version (its
 * history keeps the old one), and the row of a preset this release no longer defines (its
 * `preset:<key>` names no key of PRESETS) is soft-deleted: it leaves the listings but keeps its
 * id, its history and its forks' link to it. So the examples always show what the code defines.
 */
export async function ensureExamplesLibrary(db: Db): Promise<void> {
  if (await examplesUpToDate(db)) return;
  await db.$transaction(async (tx) => {
    await advisoryXactLock(tx, ADVISORY_LOCKS.examples);
    const library =
      (await libraries.findLibraryByKey(tx, EXAMPLES_KEY)) ??
      (await libraries.insertBuiltInLibrary(tx, {
        key: EXAMPLES_KEY,
        name: 'examples',
        description:
          'Presets: the Sora article reproduced, a Sora-class estimate from published recipes, and published image, video and LLM training runs. Read-only; fork to edit.',
        visibility: 'PUBLIC',
        readOnly: true,
      }));
    // Its scenarios are written as every library's are: under its write lock (after the examples lock, always in that order).
    await libraries.lockLibraryWrites(tx, library.id);
    const rows = await liveScenarioVersions(tx, library.id);
    for (const preset of PRESETS) {
      const { data, row, current } = presetState(preset, rows);
      const tokenizerMethod = tokenizerMethodOf(preset.input);
      const summary = summaryColumns(summaryOf(preset.input, {}));
      if (!row) {
        await insertScenarioWithRevision(tx, { libraryId: library.id, ...data, tokenizerMethod, authorId: null, forkedFromId: null, summary });
      } else if (!current) {
        const version = row.version + 1;
        await setScenarioVersion(tx, row.id, version, { ...data, tokenizerMethod, summary });
        await insertRevision(tx, row.id, version, data, null);
      }
    }
    for (const row of rows) if (isRetiredPreset(row)) await softDeleteScenario(tx, row.id);
  });
}

const PRESET_TAG = 'preset:';
const PRESET_KEYS = new Set(PRESETS.map((p) => p.key));

/** A row of the examples library whose preset tag names a key PRESETS no longer has. */
function isRetiredPreset(row: { tags: string[] }): boolean {
  return row.tags.some((t) => t.startsWith(PRESET_TAG) && !PRESET_KEYS.has(t.slice(PRESET_TAG.length)));
}

interface PresetRow {
  name: string;
  description: string | null;
  tags: string[];
  input: unknown;
}

/** A preset as the examples library stores it, its row there (matched by its `preset:<key>` tag), and whether that row is current. */
function presetState<R extends PresetRow>(preset: (typeof PRESETS)[number], rows: R[]) {
  const presetTag = `${PRESET_TAG}${preset.key}`;
  const input = normaliseInput(preset.input);
  const data = { name: preset.name, description: preset.description, tags: [...preset.tags, presetTag], input };
  const row = rows.find((r) => r.tags.includes(presetTag));
  const current =
    row !== undefined &&
    canonical({ ...data, description: data.description ?? null }) ===
      canonical({ name: row.name, description: row.description, tags: row.tags, input: row.input });
  return { data, row, current };
}

/**
 * Whether the examples library already holds every preset as the code defines it, and no retired one: two short reads,
 * no lock — the answer on almost every start. The id is read first so that the scenarios are read
 * by the (library_id, …) index: joined by key, PostgreSQL plans for an average library and scans.
 */
async function examplesUpToDate(db: Db): Promise<boolean> {
  const libraryId = await libraries.libraryIdByKey(db, EXAMPLES_KEY);
  if (!libraryId) return false;
  const rows = await liveScenarioContents(db, libraryId);
  return PRESETS.every((preset) => presetState(preset, rows).current) && !rows.some(isRetiredPreset);
}
