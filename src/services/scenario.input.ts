import type { SummaryColumns } from '../store/scenario.store';
import { summaryColumns, summaryFromEstimate } from './summary';
import { checkShape, CoreContext, DEFAULTS, estimate, estimateRange, FlopscopeInputError, RESERVED_KEYS, ScenarioSpec } from '../core';

/** The stored form of a scenario's input: plain JSON, no nulls, no name/description/tags (those are columns). */
export type StoredInput = Omit<ScenarioSpec, 'name' | 'description'>;

/** A copy without nulls. Only ever given a value checkShape passed: its depth is bounded and no key is reserved. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Never assigned, whatever a caller passes: `out['__proto__'] = v` would set out's prototype.
      if (RESERVED_KEYS.includes(k)) continue;
      if (v !== null && v !== undefined) out[k] = strip(v);
    }
    return out;
  }
  return value;
}

/**
 * The input as stored. Throws a FlopscopeInputError (BAD_USER_INPUT, with the field path) for an
 * input nested too deeply or with a reserved key (`__proto__`, `constructor`, `prototype`), before
 * anything recursive runs.
 */
export function normaliseInput(spec: ScenarioSpec & { tags?: unknown }): StoredInput {
  checkShape(spec);
  const { name: _n, description: _d, tags: _t, ...rest } = strip(spec) as ScenarioSpec & { tags?: unknown };
  return rest as StoredInput;
}

/**
 * The tokenizer method kept in the `tokenizer_method` column, for the listings' filter: the method
 * the FIRST stage's estimate uses — its own `stages[0].tokenizer.method`, else the scenario's
 * `tokenizer.method`, else the core's default (a scenario without stages is its own one stage, so
 * for it this is the scenario's method, as before stages). Later stages may use other methods; the
 * filter does not see them.
 */
export function tokenizerMethodOf(input: StoredInput): string {
  const first = Array.isArray(input.stages) ? input.stages[0] : undefined;
  return first?.tokenizer?.method ?? input.tokenizer?.method ?? DEFAULTS.method;
}

/**
 * Every hardware key a stored input names: the scenario's `cluster.hardware` and each stage's
 * (a stage without one runs on the scenario's), once each, in that order. No key: none named,
 * the default device.
 */
export function hardwareKeysOf(input: Pick<StoredInput, 'cluster' | 'stages'>): string[] {
  const keys = [input.cluster?.hardware, ...(Array.isArray(input.stages) ? input.stages.map((st) => st?.cluster?.hardware) : [])];
  return [...new Set(keys.filter((k): k is string => typeof k === 'string'))];
}

/**
 * Validates with the core's rules and computes the estimate once (with the library's custom
 * hardware, and every corner of its ranges), so nothing is stored that cannot be estimated —
 * no input whose results would overflow. Field paths get `path` in front.
 */
export function checkInput(input: ScenarioSpec, path: string, ctx: CoreContext): StoredInput {
  return checkAndSummarise(input, path, ctx).stored;
}

/** A checked input as stored, with its summary (the headline outputs the check computed anyway). */
export interface CheckedInput {
  stored: StoredInput;
  summary: SummaryColumns;
}

/** checkInput, also giving the summary of the one estimate it computes (written with the row: src/services/summary.ts). */
export function checkAndSummarise(input: ScenarioSpec, path: string, ctx: CoreContext): CheckedInput {
  try {
    // First the shape (depth, reserved keys such as __proto__), before anything recursive runs.
    const stored = normaliseInput(input);
    const spec = { ...stored, name: input.name ?? null, description: input.description ?? null };
    const estimated = estimate(spec, ctx);
    if (spec.ranges && spec.ranges.length > 0) estimateRange(estimated);
    return { stored, summary: summaryColumns(summaryFromEstimate(estimated)) };
  } catch (e) {
    if (e instanceof FlopscopeInputError) throw new FlopscopeInputError(e.issues.map((i) => ({ ...i, path: `${path}.${i.path}` })));
    throw e;
  }
}

/** Rebuilds the core's input from a stored row (a scenario or one of its revisions). */
export function specOf(row: { name: string; description: string | null; input: unknown }): ScenarioSpec {
  return { ...(row.input as ScenarioSpec), name: row.name, description: row.description };
}
