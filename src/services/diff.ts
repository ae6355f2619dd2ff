/** Comparing stored JSON: canonical text (keys sorted), and the leaf paths where two values differ. */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted: jsonb stores keys in its own order, so compare this way. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * The leaf paths where `a` and `b` differ, dot-separated with list indices as segments
 * (`cluster.utilization`, `data.0.count`), in the order of `a`'s keys then `b`'s: a plain
 * recursive diff. A value on one side only is listed by its leaves; an absent value and null are
 * the same (the API stores an absent field as absent, and shows it as null).
 */
export function changedPaths(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  const bothOrOne = (test: (v: unknown) => boolean) => (test(a) || a == null) && (test(b) || b == null) && (test(a) || test(b));
  if (bothOrOne(isObject)) {
    const x = isObject(a) ? a : {};
    const y = isObject(b) ? b : {};
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) changedPaths(x[k], y[k], path ? `${path}.${k}` : k, out);
  } else if (bothOrOne(Array.isArray)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) changedPaths(x[i], y[i], path ? `${path}.${i}` : String(i), out);
  } else if ((a ?? null) !== (b ?? null) && canonical(a ?? null) !== canonical(b ?? null)) {
    out.push(path);
  }
  return out;
}
