/** Reading and writing a ScenarioInput by path (`cluster.gpuCount`, `data[1].fps`), immutably. */
import type { ScenarioInput } from './api';

function parts(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.');
}

export function getIn(input: unknown, path: string): unknown {
  let o = input as Record<string, unknown> | undefined;
  for (const p of parts(path)) {
    if (o === null || o === undefined || typeof o !== 'object') return undefined;
    o = o[p] as Record<string, unknown> | undefined;
  }
  return o;
}

/** A copy of `input` with `path` set to `value` (removed when `value` is undefined). */
export function setIn(input: ScenarioInput, path: string, value: unknown): ScenarioInput {
  const copy = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const ps = parts(path);
  let o = copy;
  for (const p of ps.slice(0, -1)) {
    if (o[p] === null || o[p] === undefined || typeof o[p] !== 'object') o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  const last = ps[ps.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy as unknown as ScenarioInput;
}

/** Every leaf of an input as path → value (for comparing scenarios). */
export function flatten(input: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(input)) {
    if (input.every((x) => typeof x !== 'object')) out.set(prefix, input.join(', '));
    else input.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (input !== undefined && input !== null) {
    out.set(prefix, input);
  }
  return out;
}

/** JSON with object keys sorted, so that equal inputs give equal text whatever order keys were set in. */
export function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sameInput(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Unsaved edits for the URL: only the top-level sections that differ from the saved input
 * (a removed section is null), so that a shared link stays short.
 */
export function editPatch(saved: ScenarioInput, input: ScenarioInput): Record<string, unknown> | null {
  const patch: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(saved), ...Object.keys(input)]);
  for (const k of keys) {
    const a = (saved as unknown as Record<string, unknown>)[k];
    const b = (input as unknown as Record<string, unknown>)[k];
    if (canonical(a) !== canonical(b)) patch[k] = b === undefined ? null : b;
  }
  return Object.keys(patch).length ? patch : null;
}

export function applyPatch(saved: ScenarioInput, patch: Record<string, unknown>): ScenarioInput {
  const out = { ...saved } as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as unknown as ScenarioInput;
}
