/** The GraphQL requests the bench sends, as JSON bodies. */
import { GRID_100X100, SWEEP_SPEC } from '../core-sweep';

/** The admin key every bench server is started with (a fresh temp data dir: nothing to protect). */
export const ADMIN_KEY = 'fsk_bench_admin_key_not_secret_0123456789';
export const AS_ADMIN = { authorization: `Bearer ${ADMIN_KEY}` };

/** Every field of Estimate, arguments included. */
export const ESTIMATE_ALL = `
  tokens flops denseFlops attentionFlops attentionShare pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3
  ratioTo(reference: "gpt-4")
  hardware { key name peakTflops { FP32 TF32 BF16 FP16 FP8 } memoryGB tdpWatts pricePerGpuHour source }
  breakdown { index kind tokens share tokensPerSequence }
  assumptions { field value reason }
  warnings { code message field }
  range {
    tokens { low expected high } flops { low expected high } pfDays { low expected high } gpuDays { low expected high }
    gpuHours { low expected high } wallClockDays { low expected high } costUsd { low expected high }
    energyMWh { low expected high } ratioVsGPT3 { low expected high }
  }
  gpusForDeadline(days: 90) { gpuCount wallClockDays }
  daysForBudget(budgetUsd: 10000000) { affordableGpuHours daysAffordable fractionOfTraining wallClockDaysNeeded costUsd }
  chinchillaOptimal { computeFlops parameters tokens tokensPerParameter }
  inference(steps: 50) { tokensPerSample flopsPerSample gpuSecondsPerSample costPerSampleUsd samplesToMatchTraining }`;

/** What a dashboard row shows: the headline numbers and the warning codes. */
export const ESTIMATE_HEADLINE = 'tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3 warnings { code }';

/** The outputs a sweep returns per point, for one point. */
export const ESTIMATE_SCALARS = 'tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3';

/** The README's example: the article's data through a VAE, on H100s, with uncertainty on N. */
export const ADHOC_INPUT = {
  model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
  data: [
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024 },
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, durationSeconds: 30, fps: 60 },
  ],
  tokenizer: { method: 'LATENT' },
  training: { attention: true },
  cluster: { hardware: 'h100-sxm', gpuCount: 4096 },
  ranges: [{ path: 'model.parameters', low: 1e9, high: 3e10 }],
};

export const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

const sweepOf = (series: string) =>
  body(`query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points axes { path values } series { ${series} } } }`, {
    input: SWEEP_SPEC,
    axes: GRID_100X100,
  });
const list = (libraryId: string, fields: string) =>
  body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1000) { edges { node { ${fields} } } } }`, { lib: libraryId });

export const Q = {
  typename: body('{ __typename }'),
  estimateAll: body(`query($input: ScenarioInput!) { estimate(input: $input) { ${ESTIMATE_ALL} } }`, { input: ADHOC_INPUT }),
  estimateScalars: body(`query($input: ScenarioInput!) { estimate(input: $input) { ${ESTIMATE_SCALARS} } }`, { input: ADHOC_INPUT }),
  /** The 100 x 100 grid, the 9 outputs per point. */
  sweep: sweepOf(ESTIMATE_SCALARS),
  /** What a heatmap asks: one output over the grid; and the same output for one point. */
  sweepOne: sweepOf('wallClockDays'),
  estimateOne: body(`query($input: ScenarioInput!) { estimate(input: $input) { wallClockDays } }`, { input: SWEEP_SPEC }),
  smallSweep: body(`query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points series { flops costUsd } } }`, {
    input: SWEEP_SPEC,
    axes: [
      { path: 'model.parameters', from: 1e8, to: 1e11, steps: 10, scale: 'LOG' },
      { path: 'cluster.gpuCount', values: [64, 256, 1024, 4096] },
    ],
  }),
  /** What a dashboard shows per row of a 50-item page. */
  page: (libraryId: string, after: string | null) =>
    body(
      `query($lib: ID!, $after: String) { scenarios(libraryId: $lib, first: 50, after: $after) {
        edges { cursor node { id name version tags updatedAt estimate { flops pfDays wallClockDays costUsd ratioVsGPT3 warnings { code } } } }
        pageInfo { hasNextPage endCursor } } }`,
      { lib: libraryId, after },
    ),
  /** Library.deletedScenarios: what an editor restores from. */
  deletedPage: (libraryId: string) =>
    body(
      `query($lib: ID!) { library(id: $lib) { deletedScenarios(first: 50) { edges { cursor node { id name version updatedAt } } pageInfo { hasNextPage endCursor } } } }`,
      { lib: libraryId },
    ),
  listIdsNames: (libraryId: string) => list(libraryId, 'id name'),
  listHeadline: (libraryId: string) => list(libraryId, `id name estimate { ${ESTIMATE_HEADLINE} }`),
  listEstimateAll: (libraryId: string) => list(libraryId, `id name estimate { ${ESTIMATE_ALL} }`),
  /** The statements step: estimate, hardware (the estimate's, and the library's custom devices) and library. */
  listRelations: (libraryId: string | null, first: number) =>
    body(
      `query($lib: ID, $first: Int) { scenarios(libraryId: $lib, first: $first) { edges { node {
        id name library { id name hardware { key } } estimate { flops costUsd hardware { key name } } } } } }`,
      { lib: libraryId, first },
    ),
  totalCount: (libraryId: string) => body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1) { totalCount } }`, { lib: libraryId }),
  createLibrary: (name: string, visibility = 'PUBLIC') =>
    body(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name, visibility } }),
  /** A user and their first API key (admin only); then a role for them in a library (its OWNER). */
  createUser: (name: string) => body(`mutation($n: String!) { createUser(name: $n) { apiKey user { id } } }`, { n: name }),
  addMember: (libraryId: string, userId: string, role: string) =>
    body(`mutation($l: ID!, $u: ID!, $r: LibraryRole!) { addLibraryMember(libraryId: $l, userId: $u, role: $r) { role } }`, {
      l: libraryId,
      u: userId,
      r: role,
    }),
  /** Every scenario's history, `aliases` times over (30 is LIMITS.maxAliases): what the health step floods with. */
  histories: (libraryId: string, aliases: number) =>
    body(
      `query($lib: ID!) { ${Array.from({ length: aliases }, (_, k) => `h${k}: scenarios(libraryId: $lib, first: 1000) { edges { node { history { version } } } }`).join(' ')} }`,
      { lib: libraryId },
    ),
  createScenario: (libraryId: string) =>
    body(`mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id version estimate { flops } } }`, {
      input: { libraryId, name: 'soak scenario', tags: ['soak'], ...ADHOC_INPUT, ranges: undefined },
    }),
};
