/**
 * Field-by-field differences and three-way merges of scenario inputs: pure functions of plain JSON
 * (no DOM, no imports), unit-tested in test/core/dashboard-merge.test.ts.
 *
 * A path names a field as the API's problems do: `cluster.gpuCount`, `stages[1].data[0].steps`.
 * A list of plain values (tags) is one field; a list of objects (data, stages, encoders) is
 * compared element by element.
 */

export interface Change {
  path: string;
  /** undefined: the field is absent on that side. */
  before: unknown;
  after: unknown;
}

export interface MergeConflict {
  path: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export type Pick = 'mine' | 'theirs';

export interface Merge {
  /** The merged input, each conflict taking the side `picks` names (mine when it names none). */
  result: unknown;
  /** Fields both sides changed, to different values: the user picks one. */
  conflicts: MergeConflict[];
  /** Conflicts no pick was given for. */
  unresolved: string[];
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** JSON with object keys sorted, so that equal values give equal text whatever order their keys were set in. */
function canonical(x: unknown): string {
  return JSON.stringify(x ?? null, (_k, v) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) as string;
}

/** Equal as inputs: absent and null are the same (the API reads both as "not given"). */
export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Keys of several objects, each once, in the order they first appear. */
function keysOf(...objects: unknown[]): string[] {
  const keys: string[] = [];
  for (const o of objects) if (isObject(o)) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
  return keys;
}

const listOfObjects = (x: unknown): x is unknown[] => Array.isArray(x) && x.some((e) => e !== null && typeof e === 'object');

/** Every field that differs between `before` and `after`, in the order of the input. */
export function diffInputs(before: unknown, after: unknown, prefix = ''): Change[] {
  if (same(before, after)) return [];
  if (isObject(before) || isObject(after)) {
    if (!(isObject(before) || before === undefined || before === null) || !(isObject(after) || after === undefined || after === null)) {
      return [{ path: prefix, before, after }];
    }
    return keysOf(before, after).flatMap((k) => diffInputs((before as Record<string, unknown>)?.[k], (after as Record<string, unknown>)?.[k], join(prefix, k)));
  }
  if ((listOfObjects(before) || listOfObjects(after)) && (Array.isArray(before) || before == null) && (Array.isArray(after) || after == null)) {
    const a = (before ?? []) as unknown[];
    const b = (after ?? []) as unknown[];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => diffInputs(a[i], b[i], `${prefix}[${i}]`)).flat();
  }
  return [{ path: prefix, before: before ?? undefined, after: after ?? undefined }];
}

/**
 * A three-way merge of `mine` and `theirs`, both edited from `base`: a field only one side changed
 * takes that side's value; one both changed to the same value takes it; one both changed
 * differently is a conflict, which takes the side `picks[path]` names.
 *
 * Lists of objects merge element by element only while all three have the same length (an added
 * or removed stage makes the list one field), and `data` and `stages` — an input has one or the
 * other — are one field whenever the two sides do not have the same one: a merge never builds an
 * input the API must refuse for its shape.
 */
export function merge3(base: unknown, mine: unknown, theirs: unknown, picks: Record<string, Pick> = {}): Merge {
  const conflicts: MergeConflict[] = [];
  /** One field: a side's value when only that side changed it, a conflict when both did. */
  const whole = (b: unknown, m: unknown, t: unknown, path: string): unknown => {
    if (same(m, t)) return m;
    if (same(b, m)) return t;
    if (same(b, t)) return m;
    conflicts.push({ path, base: b ?? undefined, mine: m ?? undefined, theirs: t ?? undefined });
    return picks[path] === 'theirs' ? t : m;
  };
  const walk = (b: unknown, m: unknown, t: unknown, path: string): unknown => {
    if (same(m, t)) return m;
    if (same(b, m)) return t;
    if (same(b, t)) return m;
    if (isObject(m) && isObject(t)) {
      const bo = isObject(b) ? b : {};
      const out: Record<string, unknown> = {};
      const keys = keysOf(m, t, bo);
      // data and stages: one field unless both sides have the same one.
      const together = path === '' && 'stages' in m !== 'stages' in t;
      for (const k of keys) {
        if (together && (k === 'data' || k === 'stages')) continue;
        const v = walk(bo[k], m[k], t[k], join(path, k));
        if (v !== undefined && v !== null) out[k] = v;
      }
      if (together) {
        const pair = (o: Record<string, unknown>) => ({ data: o.data, stages: o.stages });
        const v = whole(pair(bo), pair(m), pair(t), 'data / stages') as Record<string, unknown>;
        if (v.data !== undefined && v.data !== null) out.data = v.data;
        if (v.stages !== undefined && v.stages !== null) out.stages = v.stages;
      }
      return out;
    }
    if (listOfObjects(m) && listOfObjects(t) && Array.isArray(b) && b.length === m.length && m.length === t.length) {
      return m.map((x, i) => walk(b[i], x, t[i], `${path}[${i}]`));
    }
    return whole(b, m, t, path);
  };
  const result = walk(base, mine, theirs, '');
  return { result, conflicts, unresolved: conflicts.filter((c) => !picks[c.path]).map((c) => c.path) };
}

/** A value as a diff shows it: numbers and words as they are, an absent field as "—", a block as compact JSON. */
export function showValue(v: unknown, max = 120): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return `[${v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x))).join(', ')}]`;
  const text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
