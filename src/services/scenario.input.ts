import { DEFAULTS, ScenarioSpec } from '../core';

/** The stored form of a scenario's input: plain JSON, no nulls, no name/description/tags (those are columns). */
export type StoredInput = Omit<ScenarioSpec, 'name' | 'description'>;

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = strip(v);
    return out;
  }
  return value;
}

export function normaliseInput(spec: ScenarioSpec & { tags?: unknown }): StoredInput {
  const { name: _n, description: _d, tags: _t, ...rest } = strip(spec) as ScenarioSpec & { tags?: unknown };
  return rest as StoredInput;
}

/** The method the estimate will use (the scenario's, or the core's default), kept in a column for filtering. */
export function tokenizerMethodOf(input: StoredInput): string {
  return input.tokenizer?.method ?? DEFAULTS.method;
}
