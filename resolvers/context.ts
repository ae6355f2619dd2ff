import DataLoader from 'dataloader';
import type { ComputePool } from '../src/compute/pool';
import type { Db } from '../src/services/db';
import type { ImportBudget } from '../src/services/import-budget';
import type { Logger } from '../src/logger';
import { WorkMeter } from '../src/services/budget';
import type { EstimateCache } from '../src/services/estimate.service';
import { historiesOf, notesOf, Revision } from '../src/services/history.service';
import { LibraryInfo, libraryInfos } from '../src/services/library.service';
import { MAX_PAGE_SIZE } from '../src/services/scenario.service';
import { UserRef, usersByIds } from '../src/services/user.service';
import type { Viewer } from '../src/services/viewer';

export interface Exchange {
  /** The operation's kind, once Apollo has resolved it (a mutation that times out is waited for). */
  operation?: 'query' | 'mutation' | 'subscription';
  /** Run once the answer has been written or the client has gone (releases what the request held, e.g. an admission slot). */
  afterAnswer: (() => void)[];
  /** Set when that has happened: what is acquired later is released at once. */
  answered: boolean;
}

/** Registers `release` to run when the exchange ends, or runs it now if it already has. */
export function releaseAfterAnswer(exchange: Exchange, release: () => void): void {
  if (exchange.answered) release();
  else exchange.afterAnswer.push(release);
}

/** What every request shares: the database and the compute pool. */
export interface Services {
  db: Db;
  compute: ComputePool;
  /** Scenarios one key may write by importLibrary in a minute (import-budget.ts). */
  importBudget?: ImportBudget;
  /** The file a generated admin key is saved to (auth.service adminKeyFile(config.dataDir)): revoking that key removes it. */
  adminKeyFile?: string | null;
}

/** Per request: who asks, the shared services, batched loaders, the estimate cache and the compute budget. */
export interface Context extends Services {
  viewer: Viewer | null;
  log: Logger;
  /** Aborted when the request times out: long work stops, writes roll back. */
  signal: AbortSignal;
  /** The client's network address (the fair share of anonymous clients is kept by it). */
  address: string;
  estimates: EstimateCache;
  work: WorkMeter;
  /** Libraries with their custom hardware by id: one statement per batch, whatever the page size. */
  libraries: DataLoader<string, LibraryInfo | null>;
  users: DataLoader<string, UserRef | null>;
  /** Scenario histories by scenario id: one statement per page. */
  histories: DataLoader<string, Revision[]>;
  /** The change note of a version, by "<scenario id>@<version>": one statement per page. */
  notes: DataLoader<string, string | null>;
  /** What the HTTP layer needs to know of the request (an object: Apollo hands each operation a shallow copy of the context). */
  exchange: Exchange;
}

export function createContext(services: Services, viewer: Viewer | null, log: Logger, signal: AbortSignal, address: string): Context {
  const { db } = services;
  return {
    ...services,
    viewer,
    log,
    signal,
    address,
    estimates: new Map(),
    work: new WorkMeter(),
    libraries: new DataLoader((ids) => libraryInfos(db, ids)),
    users: new DataLoader((ids) => usersByIds(db, ids)),
    histories: new DataLoader((ids) => historiesOf(db, ids), { maxBatchSize: MAX_PAGE_SIZE }),
    notes: new DataLoader((keys) => notesOf(db, keys), { maxBatchSize: MAX_PAGE_SIZE }),
    exchange: { afterAnswer: [], answered: false },
  };
}
