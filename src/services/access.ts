import type { Db } from '../db/prisma';
import type { Library, Prisma } from '../generated/prisma/client';
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

export interface LibraryAccess {
  library: Library;
  /** The viewer's membership role; null for a non-member reading a public library. */
  role: Role | null;
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

/** A library by id (or built-in key) with the viewer's role; NOT_FOUND when it is not readable. */
export async function accessLibrary(db: Db, viewer: Viewer | null, idOrKey: string): Promise<LibraryAccess> {
  const where = isUuid(idOrKey) ? { id: idOrKey } : { key: idOrKey };
  const library = await db.library.findUnique({
    where,
    include: viewer ? { members: { where: { userId: viewer.userId }, select: { role: true } } } : undefined,
  });
  if (!library) throw notFound('Library', idOrKey);
  const { members, ...row } = library as Library & { members?: { role: Role }[] };
  const role = members?.[0]?.role ?? null;
  if (row.visibility !== 'PUBLIC' && role === null && !viewer?.isAdmin) throw notFound('Library', idOrKey);
  return { library: row, role };
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
