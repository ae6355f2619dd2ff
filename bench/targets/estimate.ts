/**
 * Estimate throughput (information; it replaces issue 6's retired target 1): req/s of one
 * ad-hoc estimate at 10 connections, asking for every field and for the 9 headline outputs, with
 * `{ __typename }` on the same server for scale; beside the free-execution floor, the every-field
 * estimate's req/s on the server whose execution is free (bench/free-execution-preload.ts).
 */
import { floor, measured, sameAnswer } from '../lib/free-execution';
import { alternate, check, med, Side, summary } from '../lib/load';
import { ESTIMATE_SCALARS, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { int, round } from '../lib/stats';

const CONNECTIONS = 10;

export const estimate: StepDef = {
  step: 'estimate',
  title: `estimate throughput, req/s at ${CONNECTIONS} connections`,
  kind: 'info',
  limit: 'the free-execution floor',
  seeded: false,
  freeExecution: true,
  async run({ s, p }) {
    const base = s.server.base;
    const all = { body: Q.estimateAll };
    await check(base, all);
    const free = await floor(async () => {
      const server = await s.free.get();
      const answer = await sameAnswer(base, server, all);
      return { base: server.base, bytes: { request: Q.estimateAll.length, answer: JSON.stringify({ data: answer }).length } };
    });
    const sides: Side[] = [
      { base, shape: all },
      { base, shape: { body: Q.estimateScalars } },
      { base, shape: { body: Q.typename } },
    ];
    if (measured(free)) sides.push({ base: free.base, shape: all });
    const [real, headline, typename, onFree] = await alternate(sides, CONNECTIONS, p.throughput, p);
    const rps = med(real, 'rps');
    const floorRps = onFree ? med(onFree, 'rps') : NaN;
    const floorText = onFree ? `floor ${int(floorRps)} req/s: ratio ${round(rps / floorRps, 2)}` : `floor not measured: ${(free as { error: string }).error}`;
    return {
      measured: `every field ${int(rps)} req/s (the 9 headline outputs ${int(med(headline, 'rps'))}, \`{ __typename }\` ${int(med(typename, 'rps'))}); ${floorText}`,
      pass: null,
      details: {
        connections: CONNECTIONS,
        seconds: p.throughput,
        everyField: summary(real),
        headline: { outputs: ESTIMATE_SCALARS, ...summary(headline) },
        typename: summary(typename),
        freeExecutionFloor: onFree && measured(free) ? { everyField: summary(onFree), ratio: round(rps / floorRps), bytes: free.bytes } : free,
      },
    };
  },
};
