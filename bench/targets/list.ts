/**
 * List latency (information; it replaces issue 6's retired target 4): median latency at 1
 * connection of the 1,000-scenario library listed with every estimate field, with the headline
 * numbers a dashboard row shows, and with ids and names only; beside the free-execution floor, the
 * every-field list on the server whose execution is free. Also, in the results file, the least any
 * server spends on the every-field list: the ids-and-names list plus the JSON.stringify time of
 * what every field adds to its answer.
 */
import { floor, measured, sameAnswer } from '../lib/free-execution';
import { alternate, check, Data, med, Shape, Side, stringifyMs, summary } from '../lib/load';
import { ESTIMATE_HEADLINE, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { errorText, fig, round } from '../lib/stats';

const count = (data: Data) => (data as { scenarios: { edges: unknown[] } }).scenarios.edges.length;

export const list: StepDef = {
  step: 'list',
  title: '1,000-scenario list latency, median at 1 connection',
  kind: 'info',
  limit: 'the free-execution floor',
  seeded: true,
  freeExecution: true,
  async run({ s, p }) {
    const base = s.server.base;
    const all: Shape = { body: Q.listEstimateAll(s.small) };
    const headline: Shape = { body: Q.listHeadline(s.small) };
    const bare: Shape = { body: Q.listIdsNames(s.small) };
    const bareAnswer = await check(base, bare);
    for (const data of [await check(base, headline), bareAnswer]) if (count(data) !== 1000) throw new Error('expected 1,000 scenarios');
    let allAnswer: unknown = null;
    let refused: string | null = null;
    try {
      allAnswer = await check(base, all);
      if (count(allAnswer) !== 1000) throw new Error('expected 1,000 scenarios');
    } catch (e) {
      refused = errorText(e);
    }
    const free = refused
      ? { error: 'the every-field list was refused' }
      : await floor(async () => {
          const server = await s.free.get();
          await sameAnswer(base, server, all);
          return server.base;
        });
    const sides: Side[] = [
      { base, shape: headline },
      { base, shape: bare },
    ];
    if (!refused) sides.push({ base, shape: all });
    if (measured(free)) sides.push({ base: free, shape: all });
    const [h, b, a, onFree] = await alternate(sides, 1, p.latency, p);
    const ms = (x: typeof h) => `${fig(med(x, 'p50'))} ms`;
    const floorText = onFree
      ? `floor ${ms(onFree)}: ratio ${round(med(a, 'p50') / med(onFree, 'p50'), 2)}`
      : `floor not measured: ${(free as { error: string }).error}`;
    const extraJsonMs = refused ? NaN : stringifyMs({ data: allAnswer }) - stringifyMs({ data: bareAnswer });
    return {
      measured: `${refused ? 'every field refused' : `every field ${ms(a)}`}, headline numbers ${ms(h)}, ids and names ${ms(b)}; ${floorText}`,
      pass: null,
      note: refused ? `The server refused the list with every estimate field: ${refused}` : undefined,
      details: {
        connections: 1,
        everyEstimateField: a ? summary(a) : null,
        headline: { fields: ESTIMATE_HEADLINE, ...summary(h) },
        idsAndNames: summary(b),
        answerBytes: refused
          ? null
          : { everyEstimateField: JSON.stringify({ data: allAnswer }).length, idsAndNames: JSON.stringify({ data: bareAnswer }).length },
        freeExecutionFloor: onFree ? { everyEstimateField: summary(onFree), ratio: round(med(a, 'p50') / med(onFree, 'p50')) } : free,
        anyServerFloorMs: refused ? null : round(med(b, 'p50') + extraJsonMs),
        anyServerFloor:
          "the ids-and-names list's median latency plus the JSON.stringify time (in the bench process) of the every-field answer less that of the ids-and-names answer",
      },
    };
  },
};
