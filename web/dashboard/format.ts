/** Numbers the way the field writes them, from the core's own helpers (src/core/format.ts). */
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

/** What a person types into a number box: 3e9, 3,000,000, 405B, 1.5k, 0.4. NaN when it is not a number. */
export function parseField(text: string): number {
  const t = text.trim().replace(/[,_\s]/g, '');
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)([kKmMbBgGtT])?$/.exec(t);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] ? SUFFIX[m[2].toLowerCase()] : 1);
}
