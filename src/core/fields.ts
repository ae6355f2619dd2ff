/**
 * The rules each numeric input obeys, and the scalar inputs (`cluster.gpuCount`) of a resolved
 * scenario; field-paths.ts finds any of them by path. One table serves validation, ranges and sweeps,
 * so a value is judged the same way wherever it comes from.
 */
import type { DataKind, ResolvedScenario } from './types';

export interface NumberRule {
  /** What is allowed, as it reads after "must be". */
  readonly text: string;
  readonly integer: boolean;
  readonly min: number;
  readonly minInclusive: boolean;
  readonly max: number | null;
}

export const POSITIVE: NumberRule = { text: 'a positive finite number', integer: false, min: 0, minInclusive: false, max: null };
export const POSITIVE_INTEGER: NumberRule = { text: 'a positive integer', integer: true, min: 1, minInclusive: true, max: null };
export const UNIT_INTERVAL: NumberRule = { text: 'a number in (0, 1]', integer: false, min: 0, minInclusive: false, max: 1 };
export const AT_LEAST_ONE: NumberRule = { text: 'a finite number ≥ 1', integer: false, min: 1, minInclusive: true, max: null };
export const NON_NEGATIVE_INTEGER: NumberRule = { text: 'a non-negative integer', integer: true, min: 0, minInclusive: true, max: null };

/** How a bad value is shown in a message: `0`, `NaN`, `"abc"` (string), `null`, `an array`. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'bigint') return `the bigint ${String(v)}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** null when `v` obeys `rule`, else the message ("must be a positive integer, got 0"). */
export function numberProblem(v: unknown, rule: NumberRule): string | null {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.minInclusive ? v >= rule.min : v > rule.min) &&
    (rule.max === null || v <= rule.max);
  return ok ? null : `must be ${rule.text}, got ${describeValue(v)}`;
}

export type SourceField = 'count' | 'steps' | 'batchSize' | 'width' | 'height' | 'channels' | 'durationSeconds' | 'fps' | 'frames';

/** Rules and applicable kinds of each data-source field. */
export const SOURCE_FIELDS: Record<SourceField, { rule: NumberRule; kinds: readonly DataKind[] }> = {
  count: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO', 'TEXT'] },
  steps: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO', 'TEXT'] },
  batchSize: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO', 'TEXT'] },
  width: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO'] },
  height: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO'] },
  channels: { rule: POSITIVE_INTEGER, kinds: ['IMAGE', 'VIDEO'] },
  durationSeconds: { rule: POSITIVE, kinds: ['VIDEO'] },
  fps: { rule: POSITIVE, kinds: ['VIDEO'] },
  frames: { rule: POSITIVE_INTEGER, kinds: ['VIDEO'] },
};

/** What a scalar input lives in: the model, and one stage's tokenizer, training and cluster (the scenario's own, without stages). */
export type ScalarHolder = Pick<ResolvedScenario, 'model' | 'tokenizer' | 'training' | 'cluster'>;

interface ScalarField {
  rule: NumberRule;
  get(r: ScalarHolder): number | null;
  set(r: ScalarHolder, v: number): void;
}

/** Every numeric scalar input outside `data`, by path. */
export const SCALAR_FIELDS: Record<string, ScalarField> = {
  'model.parameters': {
    rule: POSITIVE,
    get: (r) => r.model.parameters,
    set: (r, v) => {
      r.model.parameters = v;
    },
  },
  'model.layers': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.model.layers,
    set: (r, v) => {
      r.model.layers = v;
    },
  },
  'model.hiddenSize': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.model.hiddenSize,
    set: (r, v) => {
      r.model.hiddenSize = v;
    },
  },
  'tokenizer.patchSize': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.tokenizer.patchSize,
    set: (r, v) => {
      r.tokenizer.patchSize = v;
    },
  },
  'tokenizer.temporalPatchSize': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.tokenizer.temporalPatchSize,
    set: (r, v) => {
      r.tokenizer.temporalPatchSize = v;
    },
  },
  'tokenizer.vaeSpatialFactor': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.tokenizer.vaeSpatialFactor,
    set: (r, v) => {
      r.tokenizer.vaeSpatialFactor = v;
    },
  },
  'tokenizer.vaeTemporalFactor': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.tokenizer.vaeTemporalFactor,
    set: (r, v) => {
      r.tokenizer.vaeTemporalFactor = v;
    },
  },
  'training.epochs': {
    rule: POSITIVE,
    get: (r) => r.training.epochs,
    set: (r, v) => {
      r.training.epochs = v;
    },
  },
  'training.sequenceLength': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.training.sequenceLength,
    set: (r, v) => {
      r.training.sequenceLength = v;
    },
  },
  'cluster.gpuCount': {
    rule: POSITIVE_INTEGER,
    get: (r) => r.cluster.gpuCount,
    set: (r, v) => {
      r.cluster.gpuCount = v;
    },
  },
  'cluster.utilization': {
    rule: UNIT_INTERVAL,
    get: (r) => r.cluster.utilization,
    set: (r, v) => {
      r.cluster.utilization = v;
    },
  },
  'cluster.pricePerGpuHour': {
    rule: POSITIVE,
    get: (r) => r.cluster.pricePerGpuHour,
    set: (r, v) => {
      r.cluster.pricePerGpuHour = v;
    },
  },
  'cluster.pue': {
    rule: AT_LEAST_ONE,
    get: (r) => r.cluster.pue,
    set: (r, v) => {
      r.cluster.pue = v;
    },
  },
};

/** Fields of `model.architecture` that ranges and sweeps may vary: FLOPs grow with each (each value checked by validateArchitecture). */
export const ARCHITECTURE_PATHS = [
  'model.architecture.layers',
  'model.architecture.hiddenSize',
  'model.architecture.ffnSize',
  'model.architecture.kvHeads',
  'model.architecture.contextTokens',
  'model.architecture.contextSize',
] as const;

/** Fields of a frozen encoder (`model.encoders[j]`) that ranges and sweeps may vary: its FLOPs grow with each. */
export const ENCODER_PATHS = [
  'model.encoders[j].parameters',
  'model.encoders[j].tokensPerSample',
  'model.encoders[j].forwardFlopsPerSample',
  'model.encoders[j].forwardFlopsPerPixel',
] as const;

/**
 * Inputs that may carry a low/high range: the outputs are monotone in each of them (tokens, and so
 * FLOPs, never fall as a side grows: ⌈W/p⌉ is monotone). With stages, `stages[k].data[i].…` and
 * `stages[k].cluster.…` too, and a scenario-level path ranges every stage that does not set it
 * itself (field-paths.ts).
 */
export const RANGEABLE_PATHS = [
  'model.parameters',
  ...ARCHITECTURE_PATHS,
  ...ENCODER_PATHS,
  'data[i].count',
  'data[i].steps',
  'data[i].batchSize',
  'data[i].frames',
  'data[i].width',
  'data[i].height',
  'cluster.utilization',
  'cluster.gpuCount',
  'cluster.pricePerGpuHour',
] as const;

/** Inputs a sweep may vary (with stages, also as `stages[k].…`: field-paths.ts). */
export const SWEEPABLE_PATHS = [
  'model.parameters',
  'model.layers',
  'model.hiddenSize',
  ...ARCHITECTURE_PATHS,
  ...ENCODER_PATHS,
  'data[i].count',
  'data[i].steps',
  'data[i].batchSize',
  'data[i].width',
  'data[i].height',
  'data[i].durationSeconds',
  'data[i].fps',
  'data[i].frames',
  'tokenizer.patchSize',
  'tokenizer.temporalPatchSize',
  'tokenizer.vaeSpatialFactor',
  'tokenizer.vaeTemporalFactor',
  'training.epochs',
  'training.sequenceLength',
  'cluster.gpuCount',
  'cluster.utilization',
  'cluster.pricePerGpuHour',
  'cluster.pue',
] as const;
