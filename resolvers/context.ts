import DataLoader from 'dataloader';
import type { Db } from '../src/db/prisma';
import type { Logger } from '../src/logger';
import type { EstimateCache } from '../src/services/estimate.service';
import { LibraryInfo, libraryInfos } from '../src/services/library.service';
import { UserRef, usersByIds } from '../src/services/user.service';
import type { Viewer } from '../src/services/viewer';

/** Per request: who asks, the database, batched loaders and the estimate cache. */
export interface Context {
  db: Db;
  viewer: Viewer | null;
  log: Logger;
  estimates: EstimateCache;
  /** Libraries with their custom hardware by id: one statement per batch, whatever the page size. */
  libraries: DataLoader<string, LibraryInfo | null>;
  users: DataLoader<string, UserRef | null>;
}

export function createContext(db: Db, viewer: Viewer | null, log: Logger): Context {
  return {
    db,
    viewer,
    log,
    estimates: new Map(),
    libraries: new DataLoader((ids) => libraryInfos(db, ids)),
    users: new DataLoader((ids) => usersByIds(db, ids)),
  };
}
