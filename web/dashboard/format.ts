/** Numbers the way the field writes them, from the core's own helpers (src/core/format.ts). */
import { SCALAR_FIELDS, SOURCE_FIELDS, type SourceField, UNIT_INTERVAL } from '../../src/core/fields';
import { formatCompact, formatNumber, formatPercent, formatRatio, formatSci, formatUsd } from '../../src/core/format';

export { formatCompact, formatNumber, formatPercent, formatRatio, formatSci, formatUsd };

/** The exact value, for hover: every digit JavaScript holds, with separators. */
export function exact(x: number | null | undefined, unit = ''): string {
  if (x === null || x === undefined) return 'not known';
  if (!Number.isFinite(x)) return String(x);
  const s = x.toLocaleString('en-US', { maximumSignificantDigits: 17 });
  return unit ? `${s} ${unit}` : s;
}

export type MetricKey = 'tokens' | 'flops' | 'pfDays' | 'gpuDays' | 'wallClockDays' | 'costUsd' | 'ratioVsGPT3' | 'energyMWh';

export interface Metric {
  key: MetricKey;
  label: string;
  unit: string;
  format(x: number): string;
  /** Spread over orders of magnitude: plotted on a log scale. */
  log: boolean;
}

export const METRICS: Record<MetricKey, Metric> = {
  tokens: { key: 'tokens', label: 'Tokens', unit: 'tokens', format: (x) => formatSci(x), log: true },
  flops: { key: 'flops', label: 'FLOPs', unit: 'FLOPs', format: (x) => formatSci(x), log: true },
  pfDays: { key: 'pfDays', label: 'PF-days', unit: 'PF-days', format: (x) => formatCompact(x), log: true },
  gpuDays: { key: 'gpuDays', label: 'GPU-days', unit: 'GPU-days', format: (x) => formatCompact(x), log: true },
  wallClockDays: { key: 'wallClockDays', label: 'Days', unit: 'days', format: (x) => formatCompact(x), log: true },
  costUsd: { key: 'costUsd', label: 'Cost', unit: 'USD', format: (x) => formatUsd(x), log: true },
  ratioVsGPT3: { key: 'ratioVsGPT3', label: '× GPT-3', unit: '× GPT-3', format: (x) => formatRatio(x), log: true },
  energyMWh: { key: 'energyMWh', label: 'Energy', unit: 'MWh', format: (x) => `${formatCompact(x)} MWh`, log: true },
};

/** A number for an input box: 3e9 rather than 3000000000; exact (no rounding). */
export function toField(x: number | undefined | null): string {
  if (x === undefined || x === null) return '';
  if (Math.abs(x) >= 1e6) return x.toExponential().replace('e+', 'e');
  return String(x);
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
const NUMBER = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)([kKmMbBgGtT])?$/;

/** What a person types into a number box: 3e9, 3,000,000, 405B, 1.5k, 0.4. NaN when it is not a number. */
export function parseField(text: string): number {
  const m = NUMBER.exec(text.trim().replace(/[,_\s]/g, ''));
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] ? SUFFIX[m[2].toLowerCase()] : 1);
}

/**
 * What a number box takes, besides a plain number: a fraction also as a percentage ("40%" is 0.4),
 * a dollar amount with its sign ("$2.50"), a whole number (a count of GPUs, pixels, layers).
 */
export type NumberKind = 'number' | 'fraction' | 'usd' | 'integer';

/** What each kind of box accepts, as its hint and in its problem ("not a number: write …"). */
export const ACCEPTS: Record<NumberKind, string> = {
  number: '3e9, 3,000,000 or 3B',
  fraction: '0.4 or 40%',
  usd: '2.5 or $2.50',
  integer: 'a whole number: 8, 1,024 or 16k',
};

/** A box's text read as its kind: the number, or what is wrong with it in words. */
export function readField(text: string, kind: NumberKind = 'number'): { value: number } | { problem: string } {
  let t = text.trim().replace(/[,_\s]/g, '');
  const percent = /%$/.test(t);
  const dollars = /^[-+]?(?:US)?\$|\$$/i.test(t);
  if (percent && kind !== 'fraction') return { problem: `a percentage is not taken here: write ${ACCEPTS[kind]}` };
  if (dollars && kind !== 'usd') return { problem: `a dollar amount is not taken here: write ${ACCEPTS[kind]}` };
  if (percent) t = t.slice(0, -1);
  if (dollars) t = t.replace(/^([-+]?)(?:US)?\$/i, '$1').replace(/\$$/, '');
  const n = parseField(t);
  if (Number.isNaN(n)) return { problem: `not a number: write ${ACCEPTS[kind]}` };
  // 40% is 0.4 exactly, not 0.4000000000000001: divide, don't multiply by 0.01.
  const value = percent ? n / 100 : n;
  if (kind === 'integer' && !Number.isInteger(value)) return { problem: `must be a whole number, got ${value}` };
  return { value };
}

/**
 * The kind of an input by its path (`cluster.utilization`, `stages[1].cluster.gpuCount`,
 * `data[0].width`, `model.architecture.heads`), from the core's own rules (src/core/fields.ts): a
 * fraction where the rule is (0, 1], dollars for a price, whole numbers where the rule says so.
 */
export function numberKind(path: string): NumberKind {
  const p = path.replace(/^stages\[\d+\]\./, '');
  if (/(^|\.)price[A-Za-z]*$|Usd$/.test(p)) return 'usd';
  if (p.startsWith('model.architecture.')) return 'integer';
  const source = /^data\[\d+\]\.([A-Za-z]+)$/.exec(p);
  const rule = source ? SOURCE_FIELDS[source[1] as SourceField]?.rule : SCALAR_FIELDS[p]?.rule;
  if (!rule) return 'number';
  if (rule === UNIT_INTERVAL) return 'fraction';
  return rule.integer ? 'integer' : 'number';
}
