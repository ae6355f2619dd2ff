import { Prisma } from '../generated/prisma/client';
import type { Library, LibraryHardware, LibraryMember } from '../generated/prisma/client';
import { ADVISORY_LOCKS } from '../db/locks';
import type { Client, Tx } from './client';

/** A role in a library, as library_members stores it. */
export type MemberRole = LibraryMember['role'];

/** A library's custom accelerator as the library statements return it (see toHardwareSpec). */
export type LibraryHardwareRow = Pick<
  LibraryHardware,
  'key' | 'name' | 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8' | 'memoryGB' | 'tdpWatts' | 'pricePerGpuHour' | 'source'
>;

/** A library with one user's role in it (null: not a member) and, when asked for, its custom hardware. */
export type LibraryWithRole = Library & { role: MemberRole | null; hardware?: LibraryHardwareRow[] };

/** A membership with the member's id and name. */
export type MemberWithUser = LibraryMember & { user: { id: string; name: string } };

/**
 * Which libraries a listing covers: every one, or the public ones and those `memberId` belongs to
 * (none when null). Who may read what is decided in src/services/access.ts.
 */
export type LibraryScope = { all: true } | { all: false; memberId: string | null };

/** A scope as a Prisma filter on libraries (also used through a scenario's `library` relation): deleted libraries are in no scope. */
export function libraryScopeWhere(scope: LibraryScope): Prisma.LibraryWhereInput {
  if (scope.all) return { deletedAt: null };
  if (scope.memberId === null) return { visibility: 'PUBLIC', deletedAt: null };
  return { deletedAt: null, OR: [{ visibility: 'PUBLIC' }, { members: { some: { userId: scope.memberId } } }] };
}

/** The columns of `libraries l` named as Prisma's Library model names them. */
const LIBRARY_COLUMNS = Prisma.sql`l.id::text AS "id", l.key AS "key", l.name AS "name", l.description AS "description",
  l.visibility::text AS "visibility", l.read_only AS "readOnly", l.created_by_id::text AS "createdById", l.created_at AS "createdAt", l.deleted_at AS "deletedAt"`;

/** The custom hardware of library `l`, ordered by key, as a JSON array of LibraryHardwareRow. */
const LIBRARY_HARDWARE_JSON = Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object('key', h.key, 'name', h.name, 'fp32', h.fp32, 'tf32', h.tf32, 'bf16', h.bf16, 'fp16', h.fp16,
    'fp8', h.fp8, 'memoryGB', h.memory_gb, 'tdpWatts', h.tdp_watts, 'pricePerGpuHour', h.price_per_gpu_hour, 'source', h.source) ORDER BY h.key)
  FROM library_hardware h WHERE h.library_id = l.id), '[]'::json)`;

/**
 * A library by id or by built-in key, with `userId`'s role in it (null for no user) — and, with
 * `{ hardware: true }`, its custom hardware — in ONE statement (a join of libraries,
 * library_members and library_hardware, each by its primary or unique index). Null when none.
 */
export async function libraryWithRole(
  db: Client,
  userId: string | null,
  ref: { id: string } | { key: string },
  opts: { hardware?: boolean } = {},
): Promise<LibraryWithRole | null> {
  const match = 'id' in ref ? Prisma.sql`l.id = ${ref.id}::uuid` : Prisma.sql`l.key = ${ref.key}`;
  const role =
    userId !== null
      ? Prisma.sql`(SELECT m.role::text FROM library_members m WHERE m.library_id = l.id AND m.user_id = ${userId}::uuid)`
      : Prisma.sql`NULL::text`;
  const hardware = opts.hardware ? Prisma.sql`, ${LIBRARY_HARDWARE_JSON} AS "hardware"` : Prisma.empty;
  const rows = await db.$queryRaw<LibraryWithRole[]>`
    SELECT ${LIBRARY_COLUMNS}, ${role} AS "role"${hardware} FROM libraries l WHERE ${match}`;
  return rows[0] ?? null;
}

/** Libraries by id with their custom hardware, in one statement (in no particular order). */
export async function librariesWithHardware(db: Client, ids: readonly string[]): Promise<(Library & { hardware: LibraryHardwareRow[] })[]> {
  if (ids.length === 0) return [];
  return db.$queryRaw<(Library & { hardware: LibraryHardwareRow[] })[]>`
    SELECT ${LIBRARY_COLUMNS}, ${LIBRARY_HARDWARE_JSON} AS "hardware" FROM libraries l WHERE l.id = ANY(${[...ids]}::uuid[])`;
}

/** The libraries in a scope, by id. */
export async function listLibraries(db: Client, scope: LibraryScope): Promise<Library[]> {
  return db.library.findMany({ where: libraryScopeWhere(scope), orderBy: { id: 'asc' } });
}

/** A new library with its creator as OWNER, in one statement. */
export async function insertLibraryWithOwner(
  db: Client,
  data: { name: string; description: string | null; visibility: Library['visibility']; createdById: string },
): Promise<Library> {
  return db.library.create({ data: { ...data, members: { create: { userId: data.createdById, role: 'OWNER' } } } });
}

/** The columns of a library that its owner changes; absent ones stay as they are. */
export type LibraryChanges = Partial<Pick<Library, 'name' | 'description' | 'visibility'>>;

export async function updateLibrary(db: Client, id: string, changes: LibraryChanges): Promise<Library> {
  return db.library.update({ where: { id }, data: changes });
}

/** A library by its built-in key, or null. */
export async function findLibraryByKey(db: Client, key: string): Promise<Library | null> {
  return db.library.findUnique({ where: { key } });
}

/** The id of the library with a built-in key, or null: one short read. */
export async function libraryIdByKey(db: Client, key: string): Promise<string | null> {
  const [library] = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM libraries WHERE key = ${key}`;
  return library?.id ?? null;
}

/** A built-in library (one with a key; no creator, no members). */
export async function insertBuiltInLibrary(
  db: Client,
  data: { key: string; name: string; description: string | null; visibility: Library['visibility']; readOnly: boolean },
): Promise<Library> {
  return db.library.create({ data });
}

/** The deleted libraries `ownerId` is an OWNER of (every deleted library when null: the admin), most recently deleted first. */
export async function deletedLibraries(db: Client, ownerId: string | null): Promise<Library[]> {
  const owned = ownerId === null ? {} : { members: { some: { userId: ownerId, role: 'OWNER' as const } } };
  return db.library.findMany({ where: { deletedAt: { not: null }, ...owned }, orderBy: [{ deletedAt: 'desc' }, { id: 'asc' }] });
}

/** Marks a live library deleted, or (`deleted` false) brings a deleted one back; returns how many rows changed (0 or 1). */
export async function setLibraryDeleted(db: Client, id: string, deleted: boolean): Promise<number> {
  const res = await db.library.updateMany({
    where: { id, deletedAt: deleted ? null : { not: null } },
    data: { deletedAt: deleted ? new Date() : null },
  });
  return res.count;
}

/** Whether the library is deleted (or gone): one read by its primary key. */
export async function libraryIsDeleted(db: Client, id: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ deleted: boolean }[]>`SELECT deleted_at IS NOT NULL AS deleted FROM libraries WHERE id = ${id}::uuid`;
  return row?.deleted ?? true;
}

/** Whether `userId` OWNs at least one live library: one read by the members' user index. */
export async function ownsALibrary(db: Client, userId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ owns: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM library_members m JOIN libraries l ON l.id = m.library_id
      WHERE m.user_id = ${userId}::uuid AND m.role = 'OWNER' AND l.deleted_at IS NULL) AS owns`;
  return row?.owns === true;
}

/** Locks the library's row until the transaction ends: membership changes serialise on it. */
export async function lockLibrary(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`SELECT id FROM libraries WHERE id = ${id}::uuid FOR UPDATE`;
}

/**
 * Takes the library's write lock until the transaction ends (ADVISORY_LOCKS.libraryWrites):
 * `shared` by writes of its scenarios (which may run side by side: none changes what another's
 * check read), `exclusive` by writes of its custom hardware (which wait for every scenario write
 * in flight, and hold the next ones back). An advisory lock, not the row's: inserting a scenario
 * takes a key-share lock on the library row, which a FOR UPDATE would block.
 */
export async function lockLibraryWrites(tx: Tx, id: string, mode: 'shared' | 'exclusive' = 'exclusive'): Promise<void> {
  if (mode === 'shared') await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${ADVISORY_LOCKS.libraryWrites}::int, hashtext(${id}::text))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.libraryWrites}::int, hashtext(${id}::text))`;
}

export async function listMembersWithUsers(db: Client, libraryId: string): Promise<MemberWithUser[]> {
  return db.libraryMember.findMany({ where: { libraryId }, include: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } });
}

export async function findMember(db: Client, libraryId: string, userId: string): Promise<LibraryMember | null> {
  return db.libraryMember.findUnique({ where: { libraryId_userId: { libraryId, userId } } });
}

export async function countOwners(db: Client, libraryId: string): Promise<number> {
  return db.libraryMember.count({ where: { libraryId, role: 'OWNER' } });
}

/** Adds a member, or changes their role. */
export async function upsertMember(db: Client, libraryId: string, userId: string, role: MemberRole): Promise<MemberWithUser> {
  return db.libraryMember.upsert({
    where: { libraryId_userId: { libraryId, userId } },
    create: { libraryId, userId, role },
    update: { role },
    include: { user: { select: { id: true, name: true } } },
  });
}

/** Removes a membership; returns how many rows went (0 or 1). */
export async function deleteMember(db: Client, libraryId: string, userId: string): Promise<number> {
  const res = await db.libraryMember.deleteMany({ where: { libraryId, userId } });
  return res.count;
}
