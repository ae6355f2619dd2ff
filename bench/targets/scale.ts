/**
 * Libraries of a million (target; issue 19, items 1-2): libraries of 1,000 and 1,000,000 scenarios,
 * seeded in SQL with their summaries (test/support/seed.ts), and the 1M ÷ 1k ratio of the median
 * latency (p50 at 1 connection, alternating sides round by round) of: the first page, a deep page
 * (90%), text search for a rare term (one row) and a common one (every row), a tag filter (no
 * match), order by FLOPs (first page and 90% deep), a numeric filter (minFlops) and the unfiltered
 * totalCount — each ≤ 2×. And createScenario's p50 with the summary's indexes and count triggers
 * against without them (dropped, in the same run, alternating rounds) — ≤ 1.5×. And (item 3) the
 * dashboard's time from opening each library to its first rows, in Chromium — ≤ 1.5×.
 */
import { Client } from 'pg';
import { encodeCursor } from '../../src/services/scenario.service';
import { cursorOf, idAt, seedScenarios } from '../../test/support/seed';
import { alternate, check, load, LoadStats, med, summary } from '../lib/load';
import { ADHOC_INPUT, AS_ADMIN, body, Q } from '../lib/queries';
import { CHROMIUM, firstRows } from '../lib/first-rows';
import type { StepDef } from '../lib/report';
import { fig, log, median, now, round } from '../lib/stats';

const LIMIT = 2;
const WRITE_LIMIT = 1.5;
/** The dashboard's time to first rows, 1M ÷ 1k (issue 19, item 3). */
const DASHBOARD_LIMIT = 1.5;
const SMALL = 1_000;
const BIG = 1_000_000;

const PAGE = `edges { cursor node { id name estimate { flops costUsd } } } pageInfo { hasNextPage endCursor }`;
const page = (lib: string, args: { after?: string | null; filter?: unknown; orderBy?: unknown }) =>
  body(
    `query($l: ID!, $a: String, $f: ScenarioFilter, $o: ScenarioOrder) { scenarios(libraryId: $l, first: 50, after: $a, filter: $f, orderBy: $o) { ${PAGE} } }`,
    { l: lib, a: args.after ?? null, f: args.filter ?? null, o: args.orderBy ?? null },
  );
const count = (lib: string) => body(`query($l: ID!) { scenarios(libraryId: $l, first: 0) { totalCount totalCountIsExact } }`, { l: lib });

/** The indexes and triggers the summaries brought (prisma/migrations/20261202080000_scenario_summaries). */
const NEW_INDEXES = [
  'scenarios_live_search_idx',
  'scenarios_live_library_id_created_at_id_idx',
  'scenarios_live_library_id_updated_at_id_idx',
  'scenarios_live_library_id_flops_id_idx',
  'scenarios_live_library_id_cost_id_idx',
  'scenarios_live_library_id_wall_clock_id_idx',
  'scenarios_live_library_id_gpu_days_id_idx',
  'scenarios_live_library_id_hardware_id_idx',
];
const COUNT_TRIGGERS = ['scenarios_count_insert', 'scenarios_count_delete', 'scenarios_count_update'];

/** Seeds with the secondary indexes dropped and built again after (one CREATE INDEX is far cheaper than a million insertions into it). */
async function seedFast(client: Client, libraryId: string, n: number, baseMs: number) {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('scenarios', 'scenario_revisions')
       AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
  );
  for (const r of rows) await client.query(`DROP INDEX "${r.name}"`);
  try {
    await seedScenarios(client, { libraryId, count: n, baseMs });
  } finally {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const r of rows) await client.query(r.def);
  }
}

/**
 * createScenario's p50 with the summary's indexes and count triggers and without them (dropped
 * and made again between rounds, alternating), before the big library is seeded (so that making
 * them again is instant); the summary itself comes from the estimate the save's check computes.
 */
async function writes(base: string, libraryId: string, databaseUrl: string, p: { rounds: number; warmup: number; latency: number }) {
  const create = {
    body: body(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`, {
      i: { libraryId, name: 'scale write', tags: ['scale'], ...ADHOC_INPUT, ranges: undefined },
    }),
    headers: AS_ADMIN,
  };
  await check(base, create);
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  const withIdx: LoadStats[] = [];
  const withoutIdx: LoadStats[] = [];
  try {
    const { rows } = await admin.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1::text[])`,
      [NEW_INDEXES],
    );
    if (rows.length !== NEW_INDEXES.length) throw new Error('the summary indexes are not all there');
    let present = true;
    const toggle = async (on: boolean) => {
      if (on === present) return;
      present = on;
      for (const r of rows) await admin.query(on ? r.def : `DROP INDEX "${r.name}"`);
      for (const t of COUNT_TRIGGERS) await admin.query(`ALTER TABLE scenarios ${on ? 'ENABLE' : 'DISABLE'} TRIGGER "${t}"`);
    };
    await load(base, create, 1, p.warmup);
    for (let r = 0; r < p.rounds; r++) {
      // A B, B A, …: a slow spell of the machine falls on both sides alike.
      for (const on of r % 2 === 0 ? [true, false] : [false, true]) {
        await toggle(on);
        (on ? withIdx : withoutIdx).push(await load(base, create, 1, p.latency));
      }
    }
    await toggle(true);
  } finally {
    await admin.end();
  }
  log(`    createScenario: p50 ${fig(med(withIdx, 'p50'))} ms with the summary indexes and count triggers, ${fig(med(withoutIdx, 'p50'))} ms without`);
  return { withIdx, withoutIdx };
}

export const scale: StepDef = {
  step: 'scale',
  title: 'Libraries of a million: list, search, filter, order and count, 1M-scenario library ÷ 1k; createScenario with the summary ÷ without',
  kind: 'target',
  limit: `≤ ${LIMIT} each; writes and the dashboard's first rows ≤ ${WRITE_LIMIT}`,
  seeded: false,
  freeExecution: false,
  async run({ s, p }) {
    const base = s.server.base;
    const mk = async (name: string) => (await check(base, { body: Q.createLibrary(name), headers: AS_ADMIN })).createLibrary.id as string;
    const big = await mk(`scale ${BIG}`);
    const small = await mk(`scale ${SMALL}`);
    const writeLib = await mk('scale writes');
    const { withIdx, withoutIdx } = await writes(base, writeLib, s.databaseUrl, p);
    const writeRatio = med(withIdx, 'p50') / med(withoutIdx, 'p50');
    const client = new Client({ connectionString: s.databaseUrl });
    await client.connect();
    let seedMs: number;
    let deep: { big: string; small: string };
    let deepFlops: { big: string; small: string };
    try {
      const t = now();
      await seedFast(client, big, BIG, Date.now() - 20 * 86_400_000);
      await seedScenarios(client, { libraryId: small, count: SMALL, baseMs: Date.now() - 86_400_000 });
      await client.query('VACUUM ANALYZE scenarios');
      seedMs = now() - t;
      log(`  seeded ${BIG + SMALL} scenarios with their summaries in ${Math.round(seedMs)} ms`);
      deep = { big: cursorOf(await idAt(client, big, BIG * 0.9 - 1)), small: cursorOf(await idAt(client, small, SMALL * 0.9 - 1)) };
      const flopsAt = async (lib: string, offset: number) => {
        const { rows } = await client.query<{ id: string; flops: number }>(
          `SELECT id::text, summary_flops AS flops FROM scenarios WHERE library_id = $1 AND deleted_at IS NULL
           ORDER BY summary_flops DESC NULLS LAST, id DESC OFFSET $2 LIMIT 1`,
          [lib, offset],
        );
        return encodeCursor(rows[0].id, { field: 'FLOPS', direction: 'DESC' }, rows[0].flops);
      };
      deepFlops = { big: await flopsAt(big, BIG * 0.9 - 1), small: await flopsAt(small, SMALL * 0.9 - 1) };
    } finally {
      await client.end();
    }
    const byFlops = { field: 'FLOPS', direction: 'DESC' };
    const cases: { name: string; big: string; small: string; rows: (n: number) => boolean }[] = [
      { name: 'first page', big: page(big, {}), small: page(small, {}), rows: (n) => n === 50 },
      { name: 'deep page (90%)', big: page(big, { after: deep.big }), small: page(small, { after: deep.small }), rows: (n) => n === 50 },
      {
        name: 'text, rare term (1 row)',
        big: page(big, { filter: { text: `bench scenario ${BIG}` } }),
        small: page(small, { filter: { text: `bench scenario ${SMALL}` } }),
        rows: (n) => n === 1,
      },
      {
        name: 'text, no match',
        big: page(big, { filter: { text: 'zzz-no-match' } }),
        small: page(small, { filter: { text: 'zzz-no-match' } }),
        rows: (n) => n === 0,
      },
      {
        name: 'text, common term',
        big: page(big, { filter: { text: 'scenario' } }),
        small: page(small, { filter: { text: 'scenario' } }),
        rows: (n) => n === 50,
      },
      { name: 'tag, no match', big: page(big, { filter: { tag: 'nope' } }), small: page(small, { filter: { tag: 'nope' } }), rows: (n) => n === 0 },
      { name: 'tag, 10%', big: page(big, { filter: { tag: 'group-3' } }), small: page(small, { filter: { tag: 'group-3' } }), rows: (n) => n === 50 },
      { name: 'by FLOPs, first page', big: page(big, { orderBy: byFlops }), small: page(small, { orderBy: byFlops }), rows: (n) => n === 50 },
      {
        name: 'by FLOPs, deep page (90%)',
        big: page(big, { orderBy: byFlops, after: deepFlops.big }),
        small: page(small, { orderBy: byFlops, after: deepFlops.small }),
        rows: (n) => n === 50,
      },
      {
        name: 'minFlops 1e24',
        big: page(big, { filter: { minFlops: 1e24 } }),
        small: page(small, { filter: { minFlops: 1e24 } }),
        rows: (n) => n === 50,
      },
      { name: 'unfiltered totalCount', big: count(big), small: count(small), rows: () => true },
    ];
    const results: { name: string; ratio: number; big: LoadStats[]; small: LoadStats[] }[] = [];
    for (const c of cases) {
      for (const b of [c.big, c.small]) {
        const data = await check(base, { body: b });
        const n = data.scenarios.edges?.length;
        if (n !== undefined && !c.rows(n)) throw new Error(`${c.name}: unexpected ${n} rows`);
      }
      const [bigR, smallR] = await alternate(
        [
          { base, shape: { body: c.big } },
          { base, shape: { body: c.small } },
        ],
        1,
        p.latency,
        p,
      );
      const ratio = med(bigR, 'p50') / med(smallR, 'p50');
      results.push({ name: c.name, ratio, big: bigR, small: smallR });
      log(`    ${c.name}: ${fig(ratio)} (${fig(med(bigR, 'p50'))} / ${fig(med(smallR, 'p50'))} ms)`);
    }

    // The dashboard (item 3): opening the library to its first rows, 1M ÷ 1k, in Chromium.
    const visits = await firstRows(base, [big, small], p.latency * 5);
    const dashboard = visits && { big: median(visits[0]), small: median(visits[1]) };
    const dashboardRatio = dashboard ? dashboard.big / dashboard.small : null;
    log(
      dashboard
        ? `    dashboard, first rows in Chromium: ${fig(dashboardRatio!)} (${fig(dashboard.big)} / ${fig(dashboard.small)} ms)`
        : `    dashboard: no Chromium at ${CHROMIUM} (npm run setup:chromium), not measured`,
    );

    const failing = results.filter((r) => r.ratio > LIMIT);
    const list = results.map((r) => `${r.name} ${fig(r.ratio)} (${fig(med(r.big, 'p50'))} / ${fig(med(r.small, 'p50'))} ms)`).join('; ');
    return {
      measured: `${list}; dashboard's first rows ${dashboard ? `${fig(dashboardRatio!)} (${fig(dashboard.big)} / ${fig(dashboard.small)} ms)` : 'not measured (no Chromium)'}; createScenario ${fig(writeRatio)} (${fig(med(withIdx, 'p50'))} / ${fig(med(withoutIdx, 'p50'))} ms); seeded 1,001,000 in ${fig(seedMs / 1000)} s`,
      pass: failing.length === 0 && writeRatio <= WRITE_LIMIT && dashboardRatio !== null && dashboardRatio <= DASHBOARD_LIMIT,
      note:
        [
          failing.length ? `over ${LIMIT}×: ${failing.map((r) => r.name).join(', ')}` : '',
          dashboardRatio === null ? 'the dashboard not measured: no Chromium' : dashboardRatio > DASHBOARD_LIMIT ? `dashboard over ${DASHBOARD_LIMIT}×` : '',
        ]
          .filter(Boolean)
          .join('; ') || undefined,
      details: {
        connections: 1,
        seedMs: Math.round(seedMs),
        ratios: Object.fromEntries(results.map((r) => [r.name, { ratio: round(r.ratio), big: summary(r.big), small: summary(r.small) }])),
        dashboardFirstRows: visits && { ratio: round(dashboardRatio!), bigMs: visits[0].map((x) => round(x)), smallMs: visits[1].map((x) => round(x)) },
        createScenario: { ratio: round(writeRatio), with: summary(withIdx), without: summary(withoutIdx) },
        writesMeasured: 'before the 1M seed, into a library of their own, with and without the indexes and triggers in alternating rounds',
      },
    };
  },
};
