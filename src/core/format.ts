/**
 * Numbers written the way the field writes them: 2.57e24 FLOPs, 29.7k PF-days, 8.2x, $4.4M.
 * Used in warning messages and by the CLI.
 */

/** Mantissa with `sig` significant digits, trailing zeros dropped: 2.566e24 → "2.57e24", 3e9 → "3e9". */
export function formatSci(x: number, sig = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(Math.max(0, sig - 1)).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const e = Number(exponent);
  return e === 0 ? m : `${m}e${e}`;
}

/** Up to `sig` significant digits, no exponent, trailing zeros dropped: 152.3 → "152", 0.4 → "0.4". */
function plain(x: number, sig: number): string {
  const digits = Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x))));
  const s = x.toFixed(Math.min(digits, 20));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

const SUFFIXES = ['', 'k', 'M', 'B', 'T'];

/** 29,700 → "29.7k", 1.52e6 → "1.52M", 152.3 → "152", 0.0042 → "0.0042"; ≥ 1e15 → scientific. */
export function formatCompact(x: number, sig = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e15 || a < 1e-3) return formatSci(x, sig);
  let tier = Math.min(SUFFIXES.length - 1, Math.max(0, Math.floor(Math.log10(a) / 3)));
  // Rounding can carry into the next tier: 999,950 is "1M", not "1000k".
  if (tier < SUFFIXES.length - 1 && Math.abs(Number(plain(x / 1000 ** tier, sig))) >= 1000) tier += 1;
  return `${plain(x / 1000 ** tier, sig)}${SUFFIXES[tier]}`;
}

/** $4.4M, $72.7M, $350k, $12.5, $0.0031. */
export function formatUsd(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x < 0 ? `-$${formatCompact(-x)}` : `$${formatCompact(x)}`;
}

/** 8.17 → "8.2x", 1.003 → "1.0x", 81.72 → "81.7x", 0.0161 → "0.016x", 1403.6 → "1,404x", 2.2e7 → "2.2e7x". */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0x';
  if (x >= 1e6 || x < 1e-4) return `${formatSci(x, 2)}x`;
  if (x >= 100) return `${Math.round(x).toLocaleString('en-US')}x`;
  return x >= 10 ? `${plain(x, 3)}x` : `${x.toPrecision(2)}x`;
}

/** A general quantity: scientific from 1e6 up (and below 1e-3), else up to 4 significant digits: 23,760, 0.4. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return formatSci(x, 4);
  if (a >= 1000) return Number(plain(x, 4)).toLocaleString('en-US');
  return plain(x, 4);
}

/** A share as a percentage: 0.9986 → "99.9%", 0.4 → "40%", 5e-6 → "<0.01%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return String(share);
  if (share === 0) return '0%';
  if (Math.abs(share) < 1e-4) return '<0.01%';
  return `${plain(100 * share, 3)}%`;
}
