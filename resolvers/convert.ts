import type { ScenarioSpec } from '../src/core';

/**
 * GraphQL input objects (class instances, nulls for absent fields) to the core's plain spec.
 * `tags` belong to a saved scenario, not to the computation, so they are kept apart.
 */
export function toSpec(input: object): ScenarioSpec {
  const { tags: _tags, ...spec } = plain(input) as ScenarioSpec & { tags?: unknown };
  return spec;
}

/** Class instances from type-graphql to plain JSON values. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function toWrite<T extends { tags?: string[] | null }>(input: T): ScenarioSpec & { tags: string[] | null } {
  return { ...toSpec(input), tags: input.tags ?? null };
}
