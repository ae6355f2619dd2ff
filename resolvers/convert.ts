import type { ScenarioSpec } from '../src/core';

/**
 * GraphQL input objects (class instances, nulls for absent fields) to the core's plain spec.
 * `tags` belong to a saved scenario, not to the computation, so they are kept apart.
 */
export function toSpec(input: object): ScenarioSpec {
  const { tags: _tags, ...spec } = plain(input) as ScenarioSpec & { tags?: unknown };
  return spec;
}

/** Class instances from type-graphql to plain JSON values (absent fields dropped, as JSON would). */
export function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
  return out as T;
}

export function toWrite<T extends { tags?: string[] | null }>(input: T): ScenarioSpec & { tags: string[] | null } {
  return { ...toSpec(input), tags: input.tags ?? null };
}
