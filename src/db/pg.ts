/**
 * The `pg` driver, for everything here that talks to PostgreSQL (the migration runner, the
 * embedded cluster's setup and, through @prisma/adapter-pg, Prisma): import it from this module.
 *
 * pg 8 probes at load time for Cloudflare Workers by constructing a `Response` (lib/stream.js).
 * Node 20 creates its fetch globals lazily, so that probe loads undici: ~30 ms of every start,
 * on the main thread, for a runtime this server never runs on (Node 21+ answers the probe's
 * first test, `navigator.userAgent`, instead). `Response` is hidden while pg loads and put back
 * right after; pg then takes its Node.js sockets, as it would have anyway.
 */
import type * as Pg from 'pg';

function loadPg(): typeof Pg {
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (!response?.configurable) return require('pg') as typeof Pg;
  Object.defineProperty(globalThis, 'Response', { value: undefined, configurable: true, writable: true });
  try {
    return require('pg') as typeof Pg;
  } finally {
    Object.defineProperty(globalThis, 'Response', response);
  }
}

const pg = loadPg();

export const Client = pg.Client;
export type Client = Pg.Client;
