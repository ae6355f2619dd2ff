/**
 * The first check of every scenario input, before any field is read or anything recursive runs:
 * the input is at most MAX_INPUT_DEPTH levels of objects and lists deep, and no key is one that
 * JavaScript treats specially (assigning `__proto__` sets an object's prototype). Iterative, so an
 * input nested 100,000 levels deep costs 33 steps, not a stack overflow.
 */
import { FlopscopeInputError } from './errors';
import type { InputIssue } from './types';

/** A scenario is 3 levels deep (`data[0].count`); anything past 32 is not a scenario. */
export const MAX_INPUT_DEPTH = 32;
/** Keys that name an object's prototype machinery rather than data: never a field of an input. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
/** Problems reported at most, so that a document of a million bad keys is not a million-line answer. */
const MAX_ISSUES = 20;

const longest = (key: string) => (key.length > 64 ? `${key.slice(0, 64)}…` : key);

/** A place in the input: its parent and its key there; its path is spelled only when a problem is reported there. */
interface Place {
  parent: Place | null;
  key: string | number;
}

function pathOf(place: Place | null, prefix: string): string {
  const parts: string[] = [];
  for (let at = place; at; at = at.parent) parts.push(typeof at.key === 'number' ? `[${at.key}]` : `.${longest(at.key)}`);
  const path = prefix + parts.reverse().join('');
  return prefix ? path : path.replace(/^\./, '');
}

/** What is wrong with the shape of `value` (empty when nothing), each problem with its path after `prefix`. */
export function shapeIssues(value: unknown, prefix = ''): InputIssue[] {
  const issues: InputIssue[] = [];
  const stack: { value: object; place: Place | null; depth: number }[] = [];
  if (value !== null && typeof value === 'object') stack.push({ value, place: null, depth: 0 });
  // Each object once: linear in the input even if built in code with shared parts (JSON has none).
  const seen = new Set<object>();
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { value: v, place, depth } = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (depth >= MAX_INPUT_DEPTH) {
      issues.push({
        path: pathOf(place, prefix) || 'scenario',
        message: `is nested too deeply: an input is at most ${MAX_INPUT_DEPTH} levels of objects and lists`,
      });
      continue;
    }
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    const reserved = (key: string | number) => typeof key === 'string' && RESERVED_KEYS.includes(key);
    for (const key of keys) {
      if (reserved(key))
        issues.push({
          path: pathOf({ parent: place, key }, prefix),
          message: `is not allowed: ${RESERVED_KEYS.join(', ')} are reserved names, never fields of an input`,
        });
    }
    // Reversed onto the stack, so problems come out in input order.
    for (let i = keys.length - 1; i >= 0; i--) {
      const child: unknown = reserved(keys[i]) ? null : (v as Record<string | number, unknown>)[keys[i]];
      if (child !== null && typeof child === 'object') stack.push({ value: child, place: { parent: place, key: keys[i] }, depth: depth + 1 });
    }
  }
  return issues;
}

/** Throws a FlopscopeInputError (BAD_USER_INPUT) naming each bad path when the shape of `value` is wrong. */
export function checkShape(value: unknown, prefix = ''): void {
  const issues = shapeIssues(value, prefix);
  if (issues.length > 0) throw new FlopscopeInputError(issues);
}
