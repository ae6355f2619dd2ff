import type { Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import type { Library, LibraryHardware } from '../generated/prisma/client';
import { forbidden, notFound, unauthenticated } from './errors';
import type { Viewer } from './viewer';

/**
 * Who may do what — enforced here, in the service layer; resolvers only pass the viewer on.
 *
 * - No key: read PUBLIC libraries (and use estimate/sweep).
 * - A member reads its library; EDITOR and OWNER change scenarios and custom hardware; OWNER
 *   manages members and purges deleted scenarios. The admin may do all of it.
 * - A read-only library (the built-in "examples") takes no writes from anyone.
 * - A library you cannot read does not exist for you: NOT_FOUND, never FORBIDDEN.
 */
export type Role = 'OWNER' | 'EDITOR' | 'VIEWER';
const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

/** A library's custom accelerator as the access statement returns it (see toHardwareSpec). */
export type LibraryHardwareRow = Pick<LibraryHardware, 'key' | 'name' | 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8' | 'memoryGB' | 'tdpWatts' | 'pricePerGpuHour' | 'source'>;

export interface LibraryAccess {
  library: Library;
  /** The viewer's membership role; null for a non-member reading a public library. */
  role: Role | null;
  /** The library's custom hardware, by key; only when asked for (`{ hardware: true }`). */
  hardware?: LibraryHardwareRow[];
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** Libraries the viewer may read, as a Prisma filter. */
export function readableLibraries(viewer: Viewer | null): Prisma.LibraryWhereInput {
  if (viewer?.isAdmin) return {};
  if (!viewer) return { visibility: 'PUBLIC' };
  return { OR: [{ visibility: 'PUBLIC' }, { members: { some: { userId: viewer.userId } } }] };
}

/** The columns of `libraries l` named as Prisma's Library model names them. */
const LIBRARY_COLUMNS = Prisma.sql`l.id::text AS "id", l.key AS "key", l.name AS "name", l.description AS "description",
  l.visibility::text AS "visibility", l.read_only AS "readOnly", l.created_by_id::text AS "createdById", l.created_at AS "createdAt"`;

/** The custom hardware of library `l`, ordered by key, as a JSON array of LibraryHardwareRow. */
export const LIBRARY_HARDWARE_JSON = Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object('key', h.key, 'name', h.name, 'fp32', h.fp32, 'tf32', h.tf32, 'bf16', h.bf16, 'fp16', h.fp16,
    'fp8', h.fp8, 'memoryGB', h.memory_gb, 'tdpWatts', h.tdp_watts, 'pricePerGpuHour', h.price_per_gpu_hour, 'source', h.source) ORDER BY h.key)
  FROM library_hardware h WHERE h.library_id = l.id), '[]'::json)`;

/**
 * A library by id (or built-in key) with the viewer's role — and, with `{ hardware: true }`, its
 * custom hardware — in ONE statement (a join of libraries, library_members and library_hardware,
 * each by its primary or unique index). NOT_FOUND when the viewer may not read it.
 */
export async function accessLibrary(db: Db, viewer: Viewer | null, idOrKey: string, opts: { hardware?: boolean } = {}): Promise<LibraryAccess> {
  // Anything that is neither a UUID nor a built-in key's shape cannot name a library (and text
  // such as NUL must not reach PostgreSQL).
  if (!isUuid(idOrKey) && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(idOrKey)) throw notFound('Library', idOrKey.slice(0, 100));
  const match = isUuid(idOrKey) ? Prisma.sql`l.id = ${idOrKey}::uuid` : Prisma.sql`l.key = ${idOrKey}`;
  const role = viewer
    ? Prisma.sql`(SELECT m.role::text FROM library_members m WHERE m.library_id = l.id AND m.user_id = ${viewer.userId}::uuid)`
    : Prisma.sql`NULL::text`;
  const hardware = opts.hardware ? Prisma.sql`, ${LIBRARY_HARDWARE_JSON} AS "hardware"` : Prisma.empty;
  const rows = await db.$queryRaw<(Library & { role: Role | null; hardware?: LibraryHardwareRow[] })[]>`
    SELECT ${LIBRARY_COLUMNS}, ${role} AS "role"${hardware} FROM libraries l WHERE ${match}`;
  if (rows.length === 0) throw notFound('Library', idOrKey);
  const { role: viewerRole, hardware: devices, ...library } = rows[0];
  if (library.visibility !== 'PUBLIC' && viewerRole === null && !viewer?.isAdmin) throw notFound('Library', idOrKey);
  return { library, role: viewerRole, ...(opts.hardware ? { hardware: devices ?? [] } : {}) };
}

/** Libraries by id with their custom hardware, in one statement (no access check: for rows already readable). */
export async function librariesWithHardware(db: Db, ids: readonly string[]): Promise<(Library & { hardware: LibraryHardwareRow[] })[]> {
  if (ids.length === 0) return [];
  return db.$queryRaw<(Library & { hardware: LibraryHardwareRow[] })[]>`
    SELECT ${LIBRARY_COLUMNS}, ${LIBRARY_HARDWARE_JSON} AS "hardware" FROM libraries l WHERE l.id = ANY(${[...ids]}::uuid[])`;
}

/** The viewer, if their role in the library is at least `min`; the right error otherwise. */
export function requireRole(access: LibraryAccess, viewer: Viewer | null, min: Role, action: string): Viewer {
  if (!viewer) throw unauthenticated(action);
  const { library, role } = access;
  if (library.readOnly && min !== 'VIEWER') throw forbidden(`Library "${library.name}" is read-only: fork its scenarios into a library of your own`);
  if (viewer.isAdmin) return viewer;
  if (role === null || RANK[role] < RANK[min]) {
    throw forbidden(`${action} in library "${library.name}" needs the ${min} role${role ? `; you are ${role}` : ''}`);
  }
  return viewer;
}

export function requireViewer(viewer: Viewer | null, action: string): Viewer {
  if (!viewer) throw unauthenticated(action);
  return viewer;
}

export function requireAdmin(viewer: Viewer | null, action: string): Viewer {
  const v = requireViewer(viewer, action);
  if (!v.isAdmin) throw forbidden(`${action} is for the admin only`);
  return v;
}
