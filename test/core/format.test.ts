/** Numbers written the way the field writes them. */
import { formatCompact, formatNumber, formatPercent, formatRatio, formatSci, formatUsd } from '../../src/core';

describe('number formats', () => {
  it.each<[string, string]>([
    [formatSci(2.5660932890625e24), '2.57e24'],
    [formatSci(3e9), '3e9'],
    [formatSci(1.42560738e14), '1.43e14'],
    [formatSci(0), '0'],
    [formatCompact(29_700.15), '29.7k'],
    [formatCompact(1_523_087.8), '1.52M'],
    [formatCompact(999_950), '1M'],
    [formatCompact(152.307), '152'],
    [formatCompact(3.65e16), '3.65e16'],
    [formatCompact(72_742_530), '72.7M'],
    [formatCompact(1.96e9), '1.96B'],
    [formatUsd(4.4e6), '$4.4M'],
    [formatUsd(1.99), '$1.99'],
    [formatRatio(8.1723), '8.2x'],
    [formatRatio(1.003), '1.0x'],
    [formatRatio(81.72), '81.7x'],
    [formatRatio(1408.5), '1,409x'],
    [formatRatio(0.0161), '0.016x'],
    [formatRatio(2.2e7), '2.2e7x'],
    [formatNumber(23_760), '23,760'],
    [formatNumber(0.4), '0.4'],
    [formatNumber(3_571_200), '3.571e6'],
    [formatPercent(0.99504), '99.5%'],
    [formatPercent(5e-6), '<0.01%'],
    [formatPercent(0.4), '40%'],
  ])('%s = %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
