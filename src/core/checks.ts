/**
 * Readers for untrusted input (GraphQL or hand-typed JSON): each reads one field, reports what is
 * wrong to the shared list of issues and carries on, so the user sees every problem at once.
 * Internal to the validators; not part of the core's API.
 */
import { NumberRule, describeValue, numberProblem } from './fields';
import type { InputIssue } from './types';

/** An object of unknown shape, as the input gives it. */
export type Bag = Record<string, unknown>;

/** Problems found so far; every check reports here. */
export type Issues = InputIssue[];

/** Records one default the scenario relied on, with the reason it is what it is. */
export type Assume = (field: string, value: string | number | boolean, reason: string) => void;

/** A field the input left out (GraphQL sends null for absent optional fields). */
export function absent(obj: Bag, key: string): boolean {
  return obj[key] === undefined || obj[key] === null;
}

export function isObject(v: unknown): v is Bag {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function add(issues: Issues, path: string, message: string): void {
  issues.push({ path, message });
}

/** Reports every key of `obj` not in `allowed` (a misspelt field is an error, not silently ignored). */
export function checkKeys(obj: Bag, allowed: string[], prefix: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined || allowed.includes(key)) continue;
    add(issues, prefix ? `${prefix}.${key}` : key, `is not a known field; allowed here: ${allowed.join(', ')}`);
  }
}

/** An optional sub-object: undefined/null → {}, an object → itself, anything else → a problem. */
export function optionalObject(v: unknown, path: string, keys: string[], issues: Issues): Bag {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    add(issues, path, `must be an object, got ${describeValue(v)}`);
    return {};
  }
  checkKeys(v, keys, path, issues);
  return v;
}

/** A number field: null when absent (or bad, after reporting it). `required` says why it is needed. */
export function num(obj: Bag, key: string, path: string, rule: NumberRule, issues: Issues, required?: string): number | null {
  const v = obj[key];
  if (absent(obj, key)) {
    if (required) add(issues, path, `is required ${required} (${rule.text})`);
    return null;
  }
  const problem = numberProblem(v, rule);
  if (problem) {
    add(issues, path, problem);
    return null;
  }
  return v as number;
}

export function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], issues: Issues): T | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  add(issues, path, `must be one of ${allowed.join(', ')}; got ${describeValue(v)}`);
  return null;
}

export function text(v: unknown, path: string, max: number, issues: Issues): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    add(issues, path, `must be a string, got ${describeValue(v)}`);
    return null;
  }
  if (v.length > max) {
    add(issues, path, `must be at most ${max} characters, got ${v.length}`);
    return null;
  }
  return v;
}

export function bool(v: unknown, path: string, issues: Issues): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  add(issues, path, `must be true or false, got ${describeValue(v)}`);
  return null;
}
