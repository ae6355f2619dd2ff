/** The ranges part of resolveScenario, checked against the scenario's resolved values. */
import { Issues, add, checkKeys, isObject, num } from './checks';
import { lookupField } from './field-paths';
import { RANGEABLE_PATHS, describeValue } from './fields';
import { formatNumber } from './format';
import type { RangeSpec, ResolvedScenario } from './types';

/** At most 8 ranges: 2^8 = 256 corners, each a full estimate. */
export const MAX_RANGES = 8;
const RANGE_KEYS = ['path', 'low', 'high'];

export function resolveRanges(raw: unknown, r: ResolvedScenario, issues: Issues): RangeSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(issues, 'ranges', `must be a list of { path, low, high }, got ${describeValue(raw)}`);
    return [];
  }
  if (raw.length > MAX_RANGES) {
    add(issues, 'ranges', `must contain at most ${MAX_RANGES} ranges (2^${MAX_RANGES} corners), got ${raw.length}`);
    return [];
  }
  const out: RangeSpec[] = [];
  const seen = new Map<string, number>();
  raw.forEach((g: unknown, i: number) => {
    const p = `ranges[${i}]`;
    if (!isObject(g)) {
      add(issues, p, `must be an object { path, low, high }, got ${describeValue(g)}`);
      return;
    }
    checkKeys(g, RANGE_KEYS, p, issues);
    const field = lookupField(g.path, r, RANGEABLE_PATHS);
    if (typeof field === 'string') {
      add(issues, `${p}.path`, field);
      return;
    }
    const earlier = seen.get(field.path);
    if (earlier !== undefined) {
      add(issues, `${p}.path`, `duplicates ranges[${earlier}].path (${field.path}); give each input one range`);
      return;
    }
    seen.set(field.path, i);
    const low = num(g, 'low', `${p}.low`, field.rule, issues, `(the range's lower end: ${field.rule.text})`);
    const high = num(g, 'high', `${p}.high`, field.rule, issues, `(the range's upper end: ${field.rule.text})`);
    const value = field.get(r);
    if (field.path.endsWith('cluster.pricePerGpuHour') && value === null) {
      const hw = r.stages[field.stage].hardware;
      add(issues, `${p}.path`, `${field.path} has no value to range around: ${hw.name} has no catalog price; set ${field.path}`);
      return;
    }
    for (const [end, v] of [
      ['low', low],
      ['high', high],
    ] as const) {
      const problem = v === null ? null : (field.check?.(v) ?? null);
      if (problem) add(issues, `${p}.${end}`, `${field.path} ${problem} (the range's ${end === 'low' ? 'lower' : 'upper'} end)`);
    }
    if (low === null || high === null) return;
    if (low > high) {
      add(issues, `${p}.low`, `must be ≤ high (${formatNumber(high)}), got ${formatNumber(low)}`);
      return;
    }
    if (value !== null && Number.isFinite(value)) {
      if (value < low) add(issues, `${p}.low`, `must be ≤ the scenario's ${field.path} (${formatNumber(value)}), got ${formatNumber(low)}`);
      else if (value > high) add(issues, `${p}.high`, `must be ≥ the scenario's ${field.path} (${formatNumber(value)}), got ${formatNumber(high)}`);
    }
    out.push({ path: field.path, low, high });
  });
  return out;
}
