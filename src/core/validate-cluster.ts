/**
 * The cluster part of resolveScenario: hardware, precision and the catalog figures they bring. `at`
 * names an input's path (`cluster.gpuCount`, or a stage's own `stages[1].cluster.gpuCount`); `derived`
 * names a figure the hardware brings (the catalog price, TDP and peak), which is the stage's when the
 * stage names its own hardware.
 */
import { Assume, Bag, Issues, absent, add, num, oneOf } from './checks';
import { DEFAULTS, REASONS } from './defaults';
import { AT_LEAST_ONE, POSITIVE, POSITIVE_INTEGER, UNIT_INTERVAL, describeValue } from './fields';
import { DEFAULT_HARDWARE_KEY, findHardware, hardwareKeys, publishedPrecisions } from './hardware';
import { CoreContext, HardwareSpec, PRECISIONS, ResolvedCluster } from './types';

export interface ClusterPaths {
  at(key: string): string;
  derived(key: string): string;
}

const SCENARIO_PATHS: ClusterPaths = { at: (key) => `cluster.${key}`, derived: (key) => `cluster.${key}` };

export function resolveCluster(
  c: Bag,
  ctx: CoreContext,
  issues: Issues,
  assume: Assume,
  { at, derived }: ClusterPaths = SCENARIO_PATHS,
): { cluster: ResolvedCluster; hardware: HardwareSpec; peakFlopsPerSecond: number } {
  let hardware: HardwareSpec | undefined;
  if (!absent(c, 'hardware') && typeof c.hardware !== 'string') {
    add(issues, at('hardware'), `must be a hardware key such as ${DEFAULT_HARDWARE_KEY}, got ${describeValue(c.hardware)}`);
  } else {
    const key = (c.hardware as string | null | undefined) ?? DEFAULTS.hardware;
    hardware = findHardware(key, ctx.customHardware);
    if (!hardware) {
      add(issues, at('hardware'), `unknown hardware ${JSON.stringify(key)}; valid keys: ${hardwareKeys(ctx.customHardware).join(', ')}`);
    } else if (absent(c, 'hardware')) {
      assume(at('hardware'), key, REASONS.hardware(hardware));
    }
  }
  const precisionIn = oneOf(c.precision, at('precision'), PRECISIONS, issues);
  const precision = precisionIn ?? DEFAULTS.precision;
  if (absent(c, 'precision')) assume(at('precision'), precision, REASONS.precision);
  let peakTflops = NaN;
  if (hardware && (precisionIn !== null || absent(c, 'precision'))) {
    const peak = hardware.peakTflops?.[precision];
    if (peak === null || peak === undefined) {
      add(
        issues,
        at('precision'),
        `${hardware.name} (${hardware.key}) has no published ${precision} peak; choose one of ${publishedPrecisions(hardware).join(', ') || '(none published)'}`,
      );
    } else if (!(typeof peak === 'number' && Number.isFinite(peak) && peak > 0)) {
      add(issues, at('hardware'), `hardware ${hardware.key} has an invalid ${precision} peak (${describeValue(peak)} TFLOP/s); it must be a positive number`);
    } else {
      peakTflops = peak;
    }
  }
  const gpuCount = num(c, 'gpuCount', at('gpuCount'), POSITIVE_INTEGER, issues);
  if (absent(c, 'gpuCount')) assume(at('gpuCount'), DEFAULTS.gpuCount, REASONS.gpuCount);
  const utilization = num(c, 'utilization', at('utilization'), UNIT_INTERVAL, issues);
  if (absent(c, 'utilization')) assume(at('utilization'), DEFAULTS.utilization, REASONS.utilization);
  const priceIn = num(c, 'pricePerGpuHour', at('pricePerGpuHour'), POSITIVE, issues);
  let price: number | null = priceIn;
  if (absent(c, 'pricePerGpuHour') && hardware) {
    price = validCatalogFigure(hardware.pricePerGpuHour, hardware, 'pricePerGpuHour', issues, at('hardware'));
    if (price !== null) assume(derived('pricePerGpuHour'), price, REASONS.price(hardware));
  }
  const pue = num(c, 'pue', at('pue'), AT_LEAST_ONE, issues);
  if (absent(c, 'pue')) assume(at('pue'), DEFAULTS.pue, REASONS.pue);
  const tdpWatts = hardware ? validCatalogFigure(hardware.tdpWatts, hardware, 'tdpWatts', issues, at('hardware')) : null;
  if (tdpWatts !== null && hardware) assume(derived('tdpWatts'), tdpWatts, REASONS.tdp(hardware));
  if (hardware && Number.isFinite(peakTflops)) assume(derived('peakTflops'), peakTflops, REASONS.peak(hardware, precision));
  return {
    cluster: {
      precision,
      gpuCount: gpuCount ?? DEFAULTS.gpuCount,
      utilization: utilization ?? DEFAULTS.utilization,
      pricePerGpuHour: price,
      tdpWatts,
      pue: pue ?? DEFAULTS.pue,
    },
    hardware: hardware ?? (findHardware(DEFAULTS.hardware) as HardwareSpec),
    peakFlopsPerSecond: peakTflops * 1e12,
  };
}

/** A price or TDP from a (possibly custom) hardware entry: null, or a positive finite number. */
function validCatalogFigure(v: unknown, hw: HardwareSpec, what: string, issues: Issues, path: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  add(issues, path, `hardware ${hw.key} has an invalid ${what} (${describeValue(v)}); it must be null or a positive number`);
  return null;
}
