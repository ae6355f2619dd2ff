import DataLoader from 'dataloader';
import type { Db } from '../db/prisma';
import type { Library, LibraryHardware } from '../generated/prisma/client';
import type { HardwareSpec } from '../core';
import { librariesWithHardware, LibraryHardwareRow } from '../services/access';
import type { EstimateCache } from '../services/estimate.service';
import { toHardwareSpec } from '../services/hardware.service';
import type { Viewer } from '../services/viewer';
import type { Logger } from '../logger';

/** A library and its custom hardware (what its scenarios' estimates may use): loaded together, in one statement. */
export interface LibraryInfo {
  library: Library;
  hardware: HardwareSpec[];
}

/** Per request: who asks, the database, batched loaders and the estimate cache. */
export interface Context {
  db: Db;
  viewer: Viewer | null;
  log: Logger;
  estimates: EstimateCache;
  /** Libraries with their custom hardware by id, batched: one statement per batch, whatever the page size. */
  libraries: DataLoader<string, LibraryInfo | null>;
  /**
   * What this request already holds of `libraries` (loaded, or primed by a listing that read the
   * library anyway), so that per-row resolvers answer synchronously: no promise per row.
   */
  known: Map<string, LibraryInfo | null>;
  users: DataLoader<string, { id: string; name: string } | null>;
}

export function toLibraryInfo(row: Library, hardware: LibraryHardwareRow[]): LibraryInfo {
  return { library: row, hardware: hardware.map((h) => toHardwareSpec(h as LibraryHardware)) };
}

export function createContext(db: Db, viewer: Viewer | null, log: Logger): Context {
  const known = new Map<string, LibraryInfo | null>();
  return {
    db,
    viewer,
    log,
    estimates: new Map(),
    known,
    libraries: new DataLoader(async (ids) => {
      const rows = await librariesWithHardware(db, ids);
      const byId = new Map(rows.map(({ hardware, ...library }) => [library.id, toLibraryInfo(library, hardware)]));
      return ids.map((id) => {
        const info = byId.get(id) ?? null;
        known.set(id, info);
        return info;
      });
    }),
    users: new DataLoader(async (ids) => {
      const rows = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

/** A library with its hardware: synchronously when the request already holds it, else batched. */
export function libraryInfo(ctx: Context, id: string): LibraryInfo | null | Promise<LibraryInfo | null> {
  const info = ctx.known.get(id);
  return info !== undefined ? info : ctx.libraries.load(id);
}

/** Records a library the request has read anyway (e.g. by the access check of a listing). */
export function primeLibrary(ctx: Context, info: LibraryInfo): void {
  ctx.known.set(info.library.id, info);
  ctx.libraries.prime(info.library.id, info);
}

/** `f(value)`, without a promise when `value` is not one. */
export function andThen<T, U>(value: T | Promise<T>, f: (v: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}
