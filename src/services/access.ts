import type { Db } from '../store/client';
import type { Library } from '../generated/prisma/client';
import { libraryWithRole } from '../store/library.store';
import type { LibraryHardwareRow, LibraryScope } from '../store/library.store';
import { badInput, DomainError, forbidden, notFound, unauthenticated } from './errors';
import type { Viewer } from './viewer';

/**
 * Who may do what — enforced here, in the service layer; resolvers only pass the viewer on.
 *
 * - No key: read PUBLIC libraries (and use estimate/sweep).
 * - A member reads its library; EDITOR and OWNER change scenarios and custom hardware; OWNER
 *   manages members and purges deleted scenarios. The admin may do all of it.
 * - A read-only library (the built-in "examples") takes no writes from anyone.
 * - A library you cannot read does not exist for you: NOT_FOUND, never FORBIDDEN.
 * - A deleted library is NOT_FOUND to every read and write, saying so to its members; only they (and
 *   the admin) see it, in deletedLibraries and restoreLibrary (`deleted`).
 */
export type Role = 'OWNER' | 'EDITOR' | 'VIEWER';
const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

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

/** Libraries the viewer may read: every one for the admin, the public ones for anyone, and those they belong to. */
export function readableLibraries(viewer: Viewer | null): LibraryScope {
  if (viewer?.isAdmin) return { all: true };
  return { all: false, memberId: viewer ? viewer.userId : null };
}

/**
 * A library by id (or built-in key) with the viewer's role — and, with `{ hardware: true }`, its
 * custom hardware — in ONE statement (libraryWithRole). NOT_FOUND when the viewer may not read it,
 * or when it is deleted — unless `deleted` asks for a deleted one (`only`: a restore) or either (`any`).
 */
export async function accessLibrary(
  db: Db,
  viewer: Viewer | null,
  idOrKey: string,
  opts: { hardware?: boolean; deleted?: 'only' | 'any' } = {},
): Promise<LibraryAccess> {
  // Anything that is neither a UUID nor a built-in key's shape cannot name a library (and text
  // such as NUL must not reach PostgreSQL).
  if (!isUuid(idOrKey) && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(idOrKey)) throw notFound('Library', idOrKey.slice(0, 100));
  const ref = isUuid(idOrKey) ? { id: idOrKey } : { key: idOrKey };
  const row = await libraryWithRole(db, viewer ? viewer.userId : null, ref, opts);
  if (!row) throw notFound('Library', idOrKey);
  const { role: viewerRole, hardware: devices, ...library } = row;
  if (library.visibility !== 'PUBLIC' && viewerRole === null && !viewer?.isAdmin) throw notFound('Library', idOrKey);
  // A deleted library exists only for its members and the admin (a public one too), and for them only where `deleted` asks for it.
  if (library.deletedAt && viewerRole === null && !viewer?.isAdmin) throw notFound('Library', idOrKey);
  if (library.deletedAt && !opts.deleted) {
    // For reads and writes alike; its members are told why.
    throw new DomainError('NOT_FOUND', `Library "${library.name}" (${library.id}) is deleted; its owner can bring it back with restoreLibrary`, {
      id: idOrKey,
      deleted: true,
    });
  }
  if (!library.deletedAt && opts.deleted === 'only') throw badInput('id', `library "${library.name}" is not deleted`);
  return { library, role: viewerRole, ...(opts.hardware ? { hardware: devices ?? [] } : {}) };
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
