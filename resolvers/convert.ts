import { GraphQLOutputType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';
import type { ScenarioSpec } from '../src/core';
import { DomainError } from '../src/services/errors';

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

/**
 * A stored value (a scenario's input, written by an older version or straight into the database)
 * as its GraphQL output type `type` can show it: a value of the wrong type, or a required one that
 * is missing, becomes a STORED_INPUT_INVALID error in its place, naming its path — GraphQL answers
 * it as that field's error and null, up to the nearest nullable field (`Scenario.input` is one),
 * so one bad value never nulls its row or its page. Fields the type does not have are not shown.
 */
export function showable(value: unknown, type: GraphQLOutputType, path = ''): unknown {
  if (isNonNullType(type)) return value === null || value === undefined ? unshowable(path, 'is required but missing') : showable(value, type.ofType, path);
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return unshowable(path, `must be a list, got ${JSON.stringify(value)?.slice(0, 100)}`);
    return value.map((v, i) => showable(v, type.ofType, `${path}[${i}]`));
  }
  if (isLeafType(type)) {
    try {
      type.serialize(value);
      return value;
    } catch (e) {
      return unshowable(path, (e as Error).message);
    }
  }
  if (isObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return unshowable(path, `must be an object, got ${JSON.stringify(value)?.slice(0, 100)}`);
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(type.getFields())) {
      const v = (value as Record<string, unknown>)[name];
      out[name] = showable(Object.hasOwn(value, name) ? v : undefined, field.type, path ? `${path}.${name}` : name);
    }
    return out;
  }
  return value;
}

function unshowable(field: string, why: string): DomainError {
  return new DomainError('STORED_INPUT_INVALID', `The stored input's ${field} cannot be shown: ${why} (no path of the API stores that)`, { field });
}
