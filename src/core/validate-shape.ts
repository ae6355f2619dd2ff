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

/** What is wrong with the shape of `value` (empty when nothing), each problem with its path after `prefix`. */
export function shapeIssues(value: unknown, prefix = ''): InputIssue[] {
  const issues: InputIssue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  // Each object once: linear in the input even if built in code with shared parts (JSON has none).
  const seen = new Set<object>();
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { value: v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (depth >= MAX_INPUT_DEPTH) {
      issues.push({ path: path || 'scenario', message: `is nested too deeply: an input is at most ${MAX_INPUT_DEPTH} levels of objects and lists` });
      continue;
    }
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(v)) {
      v.forEach((item, i) => children.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const key of Object.keys(v)) {
        const at = path ? `${path}.${longest(key)}` : longest(key);
        if (RESERVED_KEYS.includes(key)) {
          issues.push({ path: at, message: `is not allowed: ${RESERVED_KEYS.join(', ')} are reserved names, never fields of an input` });
          continue;
        }
        children.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
      }
    }
    // Reversed, so problems come out in input order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return issues;
}

/** Throws a FlopscopeInputError (BAD_USER_INPUT) naming each bad path when the shape of `value` is wrong. */
export function checkShape(value: unknown, prefix = ''): void {
  const issues = shapeIssues(value, prefix);
  if (issues.length > 0) throw new FlopscopeInputError(issues);
}
