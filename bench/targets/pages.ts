/**
 * Flat pages (target; issue 6's target 3): a 50-item page of the 100,000-scenario library against
 * the same page of the 1,000-scenario one, median latency at 1 connection, for the first page and
 * a deep one (by cursor, at 90% of the library). For information beside it: a page of
 * soft-deleted scenarios (Library.deletedScenarios, with a key) and totalCount of the big library.
 */
import { Client } from 'pg';
import { cursorOf, idAt } from '../../test/support/seed';
import { alternate, check, load, LoadStats, med, summary } from '../lib/load';
import { AS_ADMIN, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { DELETED_PER_LIBRARY, SMALL_LIBRARY } from '../lib/setup';
import { fig, round } from '../lib/stats';

const LIMIT = 1.3;

export const pages: StepDef = {
  step: 'pages',
  title: '50-item page latency, 100k-scenario library ÷ 1k-scenario library (first page, deep page)',
  kind: 'target',
  limit: `≤ ${LIMIT} each`,
  seeded: true,
  freeExecution: false,
  async run({ s, p }) {
    const client = new Client({ connectionString: s.databaseUrl });
    await client.connect();
    const deep = async (lib: string, n: number) => cursorOf(await idAt(client, lib, Math.floor(n * 0.9) - 1));
    const smallDeep = await deep(s.small, SMALL_LIBRARY);
    const bigDeep = await deep(s.big, p.bigLibrary);
    await client.end();
    const base = s.server.base;
    const shapes = [Q.page(s.big, null), Q.page(s.small, null), Q.page(s.big, bigDeep), Q.page(s.small, smallDeep)].map((b) => ({ body: b }));
    for (const shape of shapes) if ((await check(base, shape)).scenarios.edges.length !== 50) throw new Error('a page must have 50 scenarios');
    const deleted = [Q.deletedPage(s.big), Q.deletedPage(s.small)].map((b) => ({ body: b, headers: AS_ADMIN }));
    for (const shape of deleted) {
      if ((await check(base, shape)).library.deletedScenarios.edges.length !== DELETED_PER_LIBRARY) throw new Error('expected the deleted scenarios');
    }
    const [bigFirst, smallFirst] = await alternate(
      [
        { base, shape: shapes[0] },
        { base, shape: shapes[1] },
      ],
      1,
      p.latency,
      p,
    );
    const [bigDeepR, smallDeepR] = await alternate(
      [
        { base, shape: shapes[2] },
        { base, shape: shapes[3] },
      ],
      1,
      p.latency,
      p,
    );
    const [bigDel, smallDel] = await alternate(
      [
        { base, shape: deleted[0] },
        { base, shape: deleted[1] },
      ],
      1,
      p.latency,
      p,
    );
    const count = await load(base, { body: Q.totalCount(s.big) }, 1, p.latency);
    const ratio = (a: LoadStats[], b: LoadStats[]) => med(a, 'p50') / med(b, 'p50');
    const pair = (a: LoadStats[], b: LoadStats[]) => `${fig(ratio(a, b))} (${fig(med(a, 'p50'))} / ${fig(med(b, 'p50'))} ms)`;
    const rFirst = ratio(bigFirst, smallFirst);
    const rDeep = ratio(bigDeepR, smallDeepR);
    return {
      measured: `first ${pair(bigFirst, smallFirst)}, deep ${pair(bigDeepR, smallDeepR)}; for information, a deleted-scenarios page ${pair(bigDel, smallDel)}, totalCount of 100k ${fig(count.p50)} ms`,
      pass: rFirst <= LIMIT && rDeep <= LIMIT,
      details: {
        connections: 1,
        deepPageAt: '90% of the library, by cursor',
        ratioFirst: round(rFirst),
        ratioDeep: round(rDeep),
        bigFirst: summary(bigFirst),
        smallFirst: summary(smallFirst),
        bigDeep: summary(bigDeepR),
        smallDeep: summary(smallDeepR),
        deletedPageForInformation: { ratio: round(ratio(bigDel, smallDel)), big: summary(bigDel), small: summary(smallDel) },
        totalCountOfBigLibraryForInformation: summary([count]),
      },
    };
  },
};
