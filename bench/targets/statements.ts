/**
 * Statements per page, constant (target; issue 6's target 2): the SQL statements a list of
 * scenarios with their estimate, the estimate's hardware and the library (with its custom
 * hardware) runs, for page sizes 1,000, 100 and 10, anonymous and with a key. Counted from Prisma's
 * query events (App.db.queries) in an app started in this process on the bench's database: the
 * one step that does not spawn the server, as only the app can count its own statements.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp } from '../../src/server/app';
import { check } from '../lib/load';
import { ADMIN_KEY, AS_ADMIN, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';

const MAX = 4;
const PAGE_SIZES = [1000, 100, 10];

export const statements: StepDef = {
  step: 'statements',
  title: 'SQL statements listing scenarios with estimate, hardware, library (page sizes 1000/100/10)',
  kind: 'target',
  limit: `≤ ${MAX}, the same for every page size`,
  seeded: true,
  freeExecution: false,
  async run({ s }) {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), port: 0, host: '127.0.0.1', dataDir: s.dataDir, databaseUrl: s.databaseUrl, adminKey: ADMIN_KEY };
    const app = await startApp(config, createLogger('silent'));
    const base = app.url.replace(/\/graphql$/, '');
    const counts: Record<string, Record<number, number>> = {};
    try {
      const cases: [string, string | null, Record<string, string> | undefined][] = [
        ['one library, anonymous', s.small, undefined],
        ['one library, with a key', s.small, AS_ADMIN],
        ['all readable libraries, with a key', null, AS_ADMIN],
      ];
      for (const [label, lib, headers] of cases) {
        counts[label] = {};
        for (const first of PAGE_SIZES) {
          const before = app.db.queries.count;
          const data = await check(base, { body: Q.listRelations(lib, first), headers });
          counts[label][first] = app.db.queries.count - before;
          if (data.scenarios.edges.length !== first) throw new Error(`expected ${first} scenarios, got ${data.scenarios.edges.length}`);
        }
      }
    } finally {
      await app.stop();
    }
    const worst = Math.max(...Object.values(counts).flatMap((c) => Object.values(c)));
    const constant = Object.values(counts).every((c) => new Set(Object.values(c)).size === 1);
    const each = Object.entries(counts).map(([label, c]) => `${Object.values(c)[0]}${new Set(Object.values(c)).size === 1 ? '' : '…'} ${label}`);
    return {
      measured: `${worst} at most (${each.join('; ')}), ${constant ? 'the same' : 'NOT the same'} for every page size`,
      pass: worst <= MAX && constant,
      details: { statements: counts },
    };
  },
};
