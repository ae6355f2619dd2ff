import type { Library } from '../generated/prisma/client';
import { forbidden, unauthenticated } from './errors';
import type { Viewer } from './viewer';

/**
 * Who may do what, enforced here in the service layer (resolvers only pass the viewer on).
 * Until libraries have members (the shared-libraries issue), a private library is readable and
 * writable by its creator and the admin; public ones are readable by anyone.
 */
export function canRead(library: Pick<Library, 'visibility' | 'createdById'>, viewer: Viewer | null): boolean {
  return library.visibility === 'PUBLIC' || (viewer !== null && (viewer.isAdmin || library.createdById === viewer.userId));
}

export function assertCanWrite(library: Pick<Library, 'name' | 'readOnly' | 'createdById'>, viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated('Changing scenarios');
  if (library.readOnly) throw forbidden(`Library "${library.name}" is read-only; fork its scenarios into a library of your own`);
  if (!viewer.isAdmin && library.createdById !== viewer.userId) throw forbidden(`You cannot change library "${library.name}"`);
  return viewer;
}

/** Readable libraries as a Prisma filter. */
export function readableLibraries(viewer: Viewer | null) {
  if (viewer?.isAdmin) return {};
  return viewer ? { OR: [{ visibility: 'PUBLIC' as const }, { createdById: viewer.userId }] } : { visibility: 'PUBLIC' as const };
}
