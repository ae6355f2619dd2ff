import DataLoader from 'dataloader';
import type { Db } from '../db/prisma';
import type { Library, User } from '../generated/prisma/client';
import type { HardwareSpec } from '../core';
import type { EstimateCache } from '../services/estimate.service';
import { libraryHardware } from '../services/hardware.service';
import type { Viewer } from '../services/viewer';
import type { Logger } from '../logger';

/** Per request: who asks, the database, batched loaders and the estimate cache. */
export interface Context {
  db: Db;
  viewer: Viewer | null;
  log: Logger;
  estimates: EstimateCache;
  libraries: DataLoader<string, Library | null>;
  users: DataLoader<string, { id: string; name: string } | null>;
  /** Each library's custom hardware: what its scenarios' estimates may use. */
  hardware: DataLoader<string, HardwareSpec[]>;
}

export function createContext(db: Db, viewer: Viewer | null, log: Logger): Context {
  return {
    db,
    viewer,
    log,
    estimates: new Map(),
    libraries: new DataLoader(async (ids) => {
      const rows = await db.library.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    users: new DataLoader(async (ids) => {
      const rows: Pick<User, 'id' | 'name'>[] = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    hardware: new DataLoader(async (ids) => {
      const byLibrary = await libraryHardware(db, ids);
      return ids.map((id) => byLibrary.get(id) ?? []);
    }),
  };
}
