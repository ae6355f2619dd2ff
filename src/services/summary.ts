import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreContext, DEFAULTS, estimate, FullEstimate, HARDWARE_CATALOG, PRESETS, ScenarioSpec } from '../core';
import { PROJECT_ROOT } from '../paths';
import type { SummaryColumns } from '../store/scenario.store';
import type { StoredInput } from './scenario.input';

/**
 * A scenario's summary: its headline outputs as the core computed them when the row was written,
 * kept on the row (the summary_* columns of scenarios) for ordering and filtering — never shown as
 * its estimate, which is computed on read. All figures null when the row does not estimate.
 */
export interface ScenarioSummary {
  flops: number | null;
  costUsd: number | null;
  wallClockDays: number | null;
  gpuDays: number | null;
  ratioVsGPT3: number | null;
  /** The accelerator the scenario runs on (resolved: its cluster.hardware, or the default). */
  hardware: string | null;
  stamp: string;
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * What computed a summary: the package's version and the content of the catalog, presets and
 * defaults, hashed once at start. Another version of the core (or of its catalog) gives another
 * stamp, and the rows stamped otherwise are rebuilt in the background (summary.queue.ts).
 */
export const SUMMARY_STAMP: string = crypto
  .createHash('sha256')
  .update(JSON.stringify({ version: packageVersion(), hardware: HARDWARE_CATALOG, presets: PRESETS, defaults: DEFAULTS }))
  .digest('hex')
  .slice(0, 16);

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The summary of a computed estimate. */
export function summaryFromEstimate(e: FullEstimate, stamp: string = SUMMARY_STAMP): ScenarioSummary {
  return {
    flops: finite(e.flops.total),
    costUsd: finite(e.cluster.costUsd),
    wallClockDays: finite(e.cluster.wallClockDays),
    gpuDays: finite(e.cluster.gpuDays),
    ratioVsGPT3: finite(e.ratioVsGPT3),
    hardware: e.resolved.hardware.key,
    stamp,
  };
}

/** The summary of a scenario's input under its library's hardware; null figures when it does not estimate. */
export function summaryOf(spec: ScenarioSpec | StoredInput, ctx: CoreContext, stamp: string = SUMMARY_STAMP): ScenarioSummary {
  try {
    return summaryFromEstimate(estimate({ ...(spec as ScenarioSpec), name: (spec as ScenarioSpec).name ?? null, description: null }, ctx), stamp);
  } catch {
    const named = (spec as StoredInput).cluster?.hardware;
    return { flops: null, costUsd: null, wallClockDays: null, gpuDays: null, ratioVsGPT3: null, hardware: typeof named === 'string' ? named : null, stamp };
  }
}

/** The summary as the scenarios table's columns (Prisma's names). */
export function summaryColumns(s: ScenarioSummary): SummaryColumns {
  return {
    summaryFlops: s.flops,
    summaryCostUsd: s.costUsd,
    summaryWallClockDays: s.wallClockDays,
    summaryGpuDays: s.gpuDays,
    summaryRatioVsGPT3: s.ratioVsGPT3,
    summaryHardware: s.hardware,
    summaryStamp: s.stamp,
  };
}
