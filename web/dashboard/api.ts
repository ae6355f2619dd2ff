/**
 * The dashboard talks to the server only through the public GraphQL API (POST /graphql), exactly
 * as a script would. The API key, when one is saved, goes in the Authorization header.
 */
import { loadApiKey } from '../common/apikey';

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly issues: Issue[],
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** How the library table asks for its rows: the server orders, filters and pages them (any library size). */
export interface LibraryQuery {
  orderBy: { field: ScenarioOrderField; direction: 'ASC' | 'DESC' };
  filter: { text?: string; hardware?: string };
  /** endCursor of the page before (null: the first page). */
  after: string | null;
}

export type ScenarioOrderField = 'NAME' | 'CREATED_AT' | 'UPDATED_AT' | 'FLOPS' | 'COST_USD' | 'WALL_CLOCK_DAYS' | 'GPU_DAYS' | 'RATIO_VS_GPT3';

/** One page (LIBRARY_PAGE_SIZE rows) of a library's scenarios, in the server's order; null when the library cannot be read. */
export async function loadLibrary(id: string, q: LibraryQuery): Promise<LibraryPage | null> {
  const filter = Object.fromEntries(Object.entries(q.filter).filter(([, v]) => v));
  const d: { library: LibraryPage | null } = await gql(
    Q_LIBRARY,
    { id, first: LIBRARY_PAGE_SIZE, after: q.after, orderBy: q.orderBy, filter: Object.keys(filter).length ? filter : null },
    undefined,
    { fieldErrors: true },
  );
  return d.library;
}

/**
 * One GraphQL request. The first error is thrown as an ApiError, unless `fieldErrors` is set and
 * data came back: then errors on single fields (a row whose estimate cannot be computed) leave
 * those fields null and the rest stands.
 */
export async function gql<T>(
  query: string,
  variables?: Record<string, unknown>,
  key: string | null = loadApiKey(),
  opts: { fieldErrors?: boolean } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError(`The server cannot be reached (${(e as Error).message})`, 'NETWORK', [], {});
  }
  let body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The server answered ${res.status} without JSON`, 'HTTP', [], {});
  }
  // Tolerated: a row's estimate that cannot be computed (its path ends in `estimate`); anything else fails the call.
  const rowEstimate = (e: { path?: (string | number)[]; extensions?: Record<string, unknown> }) =>
    e.path?.[e.path.length - 1] === 'estimate' && (e.extensions?.code === 'BAD_USER_INPUT' || e.extensions?.code === 'COMPUTE_BUDGET_EXCEEDED');
  if (body.errors?.length && !(opts.fieldErrors && body.data && body.errors.every(rowEstimate))) {
    const e = body.errors[0];
    const ext = e.extensions ?? {};
    // A refused variable (a required field left out, a fraction for an Int) is one error per field: all of them, each on its field.
    const issues = Array.isArray(ext.issues)
      ? (ext.issues as Issue[])
      : body.errors
          .flatMap((x) => (typeof x.extensions?.field === 'string' ? [variableIssue(x.extensions.field, x.message)] : []))
          .filter((a, i, all) => all.findIndex((b) => b.path === a.path) === i);
    throw new ApiError(e.message, typeof ext.code === 'string' ? ext.code : null, issues, ext);
  }
  return body.data as T;
}

/**
 * A GraphQL variable error as a field's problem: `Variable "$input" got invalid value 28.5 at
 * "input.model.architecture.layers"; Int cannot represent non-integer value: 28.5` says
 * "must be a whole number, got 28.5", and `…; Field "heads" of required type "Int!" was not
 * provided.` on `model.architecture` is "is required" on `model.architecture.heads`.
 */
function variableIssue(path: string, message: string): Issue {
  const reason = message.replace(/^Variable "\$[^"]*" got invalid value .*? at "[^"]*"; /, '');
  const missing = /^Field "([^"]+)" of required type "[^"]+" was not provided\.?$/.exec(reason);
  if (missing) return { path: `${path}.${missing[1]}`, message: 'is required' };
  const fraction = /^Int cannot represent non-integer value: (.*)$/.exec(reason);
  if (fraction) return { path, message: `must be a whole number, got ${fraction[1]}` };
  if (/^Int cannot represent non 32-bit signed integer value/.test(reason)) return { path, message: 'is too large (at most 2,147,483,647)' };
  return { path, message: reason };
}

// ---- the shapes the dashboard reads (a subset of schema.graphql) ----

export type DataKind = 'IMAGE' | 'VIDEO' | 'TEXT';
export type Method = 'SEED_2024' | 'PIXEL' | 'LATENT';
export type Precision = 'FP32' | 'TF32' | 'BF16' | 'FP16' | 'FP8';

/** A data source: `count` items, or `steps` × `batchSize` samples; a clip's length as durationSeconds × fps, or `frames`. */
export interface DataSourceInput {
  kind: DataKind;
  count?: number;
  steps?: number;
  batchSize?: number;
  width?: number;
  height?: number;
  channels?: number;
  durationSeconds?: number;
  fps?: number;
  frames?: number;
}

export type ArchitectureFamily = 'DECODER' | 'DIT' | 'CROSS_DIT' | 'MMDIT';
export type Recomputation = 'NONE' | 'SELECTIVE' | 'FULL';

/** ArchitectureInput (schema.graphql): counted matmul by matmul instead of 6·N·D (docs/architectures.md). */
export interface ArchitectureInput {
  family: ArchitectureFamily;
  layers?: number;
  hiddenSize?: number;
  heads?: number;
  kvHeads?: number;
  ffnSize?: number;
  gatedFfn?: boolean;
  vocabSize?: number;
  tiedEmbeddings?: boolean;
  latentChannels?: number;
  outputChannels?: number;
  contextTokens?: number;
  contextSize?: number;
  singleStreamLayers?: number;
  experts?: number;
  activeExperts?: number;
  pooledSize?: number;
  guidanceEmbedding?: boolean;
  classes?: number;
}

/**
 * EncoderInput (schema.graphql): a frozen text encoder or VAE run forward on every training sample
 * unless precomputed; its forward pass as forwardFlopsPerSample, 2 · parameters · tokensPerSample, or
 * forwardFlopsPerPixel × W · H · frames of each image or clip (docs/model.md, "Frozen encoders").
 */
export interface EncoderInput {
  name: string;
  parameters?: number;
  tokensPerSample?: number;
  forwardFlopsPerSample?: number;
  forwardFlopsPerPixel?: number;
  precomputed?: boolean;
}

export interface TokenizerInput {
  method?: Method;
  patchSize?: number;
  temporalPatchSize?: number;
  vaeSpatialFactor?: number;
  vaeTemporalFactor?: number;
}
export interface TrainingInput {
  epochs?: number;
  attention?: boolean;
  sequenceLength?: number;
  recomputation?: Recomputation;
}
export interface ClusterInput {
  hardware?: string;
  precision?: Precision;
  gpuCount?: number;
  utilization?: number;
  pricePerGpuHour?: number;
  pue?: number;
}

/** StageInput: one training stage; its tokenizer, training and cluster override the scenario's field by field. */
export interface StageInput {
  name?: string;
  data: DataSourceInput[];
  tokenizer?: TokenizerInput;
  training?: TrainingInput;
  cluster?: ClusterInput;
}

export interface ScenarioInput {
  name?: string;
  description?: string;
  tags?: string[];
  /** `parameters` may be left out beside an architecture (it is then derived from it). */
  model: { parameters?: number; layers?: number; hiddenSize?: number; architecture?: ArchitectureInput; encoders?: EncoderInput[] };
  /** Either `data` or `stages`, never both. */
  data?: DataSourceInput[];
  stages?: StageInput[];
  tokenizer?: TokenizerInput;
  training?: TrainingInput;
  cluster?: ClusterInput;
  ranges?: { path: string; low: number; high: number }[];
}

export interface Warning {
  code: string;
  message: string;
  field: string | null;
  /** WARNING undermines the answer; INFO is information (the distance from Chinchilla-optimal). */
  severity: 'WARNING' | 'INFO';
}

/** What the tables badge: the warnings, not the information. */
export const warningsOnly = (ws: readonly Warning[]) => ws.filter((w) => w.severity !== 'INFO');

export interface Estimate {
  tokens: number;
  flops: number;
  pfDays: number;
  gpuDays: number;
  wallClockDays: number;
  costUsd: number | null;
  ratioVsGPT3: number;
  warnings: Warning[];
}

export type FlopsComponent = 'LINEAR' | 'ATTENTION' | 'CROSS_ATTENTION' | 'CONTEXT' | 'CONDITIONING' | 'EMBEDDINGS' | 'ENCODERS';

/** Estimate.parameters: the parameters by how often they run; the parts sum to total. */
export interface ModelParameters {
  total: number;
  perToken: number;
  perContextToken: number;
  perSample: number;
  embeddingTables: number;
  idleExperts: number;
}

/** Estimate.stages: one training stage on its own cluster (one entry without stages); the estimate's totals are their sums. */
export interface StageEstimate {
  index: number;
  name: string | null;
  samples: number;
  tokensPerSample: number;
  tokens: number;
  forwardFlopsPerSample: number;
  flops: number;
  hardwareFlops: number;
  gpuDays: number;
  wallClockDays: number;
  costUsd: number | null;
}

export interface FullEstimate extends Estimate {
  /** FLOPs executed (model FLOPs plus what recomputation runs again): time, cost and energy come from it. */
  hardwareFlops: number;
  parameters: ModelParameters;
  flopsBreakdown: { component: FlopsComponent; flops: number; share: number }[];
  denseFlops: number;
  attentionFlops: number;
  attentionShare: number;
  gpuHours: number;
  energyMWh: number | null;
  hardware: { key: string; name: string };
  /** With stages, every stage's sources in turn: `stage` is the stage, `index` the source's place in its data. */
  breakdown: { stage: number; index: number; kind: DataKind; tokens: number; share: number; tokensPerSequence: number }[];
  stages: StageEstimate[];
  assumptions: { field: string; value: string; reason: string }[];
}

export interface LibrarySummary {
  id: string;
  name: string;
  key: string | null;
  readOnly: boolean;
  visibility: 'PUBLIC' | 'PRIVATE';
}

export interface ReferenceModel {
  key: string;
  name: string;
  flops: number;
}

export interface Hardware {
  key: string;
  name: string;
  pricePerGpuHour: number | null;
  peakTflops: Record<Precision, number | null>;
}

export interface ScenarioRow {
  id: string;
  name: string;
  version: number;
  tags: string[];
  updatedAt: string;
  estimate: Estimate;
}

/** A listed scenario: its estimate is null when the stored input can no longer be estimated (the field comes back with an error). */
export type ListedScenario = Omit<ScenarioRow, 'estimate'> & { estimate: Estimate | null };

export interface LibraryPage {
  id: string;
  name: string;
  description: string | null;
  readOnly: boolean;
  visibility: 'PUBLIC' | 'PRIVATE';
  /** The caller's role (null for a non-member or a guest). */
  myRole: 'OWNER' | 'EDITOR' | 'VIEWER' | null;
  scenarios: {
    totalCount: number;
    totalCountIsExact: boolean;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ListedScenario }[];
  };
}

export interface ScenarioDetail {
  id: string;
  name: string;
  description: string | null;
  version: number;
  tags: string[];
  updatedAt: string;
  /** myRole: the caller's role there (null for a non-member, or without a key); lifecycle.ts `mayWrite` reads it. */
  library: { id: string; name: string; readOnly: boolean; myRole: 'OWNER' | 'EDITOR' | 'VIEWER' | null };
  /** The scenario this one was forked from, when the caller can still read it. */
  forkedFrom: { id: string; name: string; library: { id: string; name: string } } | null;
  input: ScenarioInput;
}

export const ESTIMATE_FIELDS = 'tokens flops pfDays gpuDays wallClockDays costUsd ratioVsGPT3 warnings { code message field severity }';

/** An architecture's fields (ArchitectureInput): read back so that a save keeps what the form does not show. */
const ARCHITECTURE_FIELDS = `family layers hiddenSize heads kvHeads ffnSize gatedFfn vocabSize tiedEmbeddings latentChannels
  outputChannels contextTokens contextSize singleStreamLayers experts activeExperts pooledSize guidanceEmbedding classes`;

const ENCODER_FIELDS = 'name parameters tokensPerSample forwardFlopsPerSample forwardFlopsPerPixel precomputed';
const DATA_FIELDS = 'kind count steps batchSize width height channels durationSeconds fps frames';
const TOKENIZER_FIELDS = 'method patchSize temporalPatchSize vaeSpatialFactor vaeTemporalFactor';
const TRAINING_FIELDS = 'epochs attention sequenceLength recomputation';
const CLUSTER_FIELDS = 'hardware precision gpuCount utilization pricePerGpuHour pue';

export const SPEC_FIELDS = `name description tags
  model { parameters layers hiddenSize architecture { ${ARCHITECTURE_FIELDS} } encoders { ${ENCODER_FIELDS} } }
  data { ${DATA_FIELDS} }
  stages { name data { ${DATA_FIELDS} } tokenizer { ${TOKENIZER_FIELDS} } training { ${TRAINING_FIELDS} } cluster { ${CLUSTER_FIELDS} } }
  tokenizer { ${TOKENIZER_FIELDS} }
  training { ${TRAINING_FIELDS} }
  cluster { ${CLUSTER_FIELDS} }
  ranges { path low high }`;

export const Q_INIT = `query DashboardInit {
  libraries { id name key readOnly visibility }
  referenceModels { key name flops }
  hardware { key name pricePerGpuHour peakTflops { FP32 TF32 BF16 FP16 FP8 } }
}`;

export const Q_LIBRARIES = `query Libraries { libraries { id name key readOnly visibility } }`;

/**
 * A library and one page of its scenarios with their estimates. Pages of 50: the server refuses
 * operations above a cost budget, and the cost of this one grows with `first`.
 */
export const LIBRARY_PAGE_SIZE = 50;

export const Q_LIBRARY = `query DashboardLibrary($id: ID!, $first: Int!, $after: String, $orderBy: ScenarioOrder, $filter: ScenarioFilter) {
  library(id: $id) {
    id name description readOnly visibility myRole
    scenarios(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      totalCount totalCountIsExact
      pageInfo { hasNextPage endCursor }
      edges { node { id name version tags updatedAt estimate { ${ESTIMATE_FIELDS} } } }
    }
  }
}`;

export const Q_SCENARIO = `query DashboardScenario($id: ID!) {
  scenario(id: $id) {
    id name description version tags updatedAt
    library { id name readOnly myRole }
    forkedFrom { id name library { id name } }
    input { ${SPEC_FIELDS} }
  }
}`;

export const Q_ESTIMATE = `query DashboardEstimate($input: ScenarioInput!) {
  estimate(input: $input) {
    ${ESTIMATE_FIELDS}
    denseFlops attentionFlops attentionShare gpuHours energyMWh hardwareFlops
    parameters { total perToken perContextToken perSample embeddingTables idleExperts }
    flopsBreakdown { component flops share }
    hardware { key name }
    breakdown { stage index kind tokens share tokensPerSequence }
    stages { index name samples tokensPerSample tokens forwardFlopsPerSample flops hardwareFlops gpuDays wallClockDays costUsd }
    assumptions { field value reason }
  }
}`;

export const Q_SWEEP = `query DashboardSweep($input: ScenarioInput!, $axes: [SweepAxisInput!]!) {
  sweep(input: $input, axes: $axes) {
    points
    axes { path values }
    series { flops pfDays gpuDays wallClockDays costUsd energyMWh ratioVsGPT3 }
  }
}`;

export const M_UPDATE = `mutation DashboardSaveVersion($id: ID!, $expectedVersion: Int!, $input: ScenarioInput!) {
  updateScenario(id: $id, expectedVersion: $expectedVersion, input: $input) { id version }
}`;

export const M_CREATE = `mutation DashboardSaveCopy($input: CreateScenarioInput!) {
  createScenario(input: $input) { id version library { id } }
}`;

export const M_CREATE_LIBRARY = `mutation DashboardNewLibrary($input: CreateLibraryInput!) {
  createLibrary(input: $input) { id name key readOnly visibility }
}`;

/** Compare: up to four scenarios in one request, as aliases s0..s3. */
export function compareQuery(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$id${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: n },
    (_, i) => `s${i}: scenario(id: $id${i}) {
    id name version library { id name }
    input { ${SPEC_FIELDS} }
    estimate { ${ESTIMATE_FIELDS} energyMWh attentionShare }
  }`,
  ).join('\n  ');
  return `query DashboardCompare(${vars}) {\n  ${fields}\n}`;
}

/** A ScenarioSpec as read back, turned into a ScenarioInput: nulls and __typename dropped. */
export function toInput(spec: unknown): ScenarioInput {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (x === null || x === undefined || k === '__typename') continue;
        out[k] = clean(x);
      }
      return out;
    }
    return v;
  };
  const input = clean(spec) as ScenarioInput;
  if (input.ranges && input.ranges.length === 0) delete input.ranges;
  if (input.tags && input.tags.length === 0) delete input.tags;
  return input;
}
