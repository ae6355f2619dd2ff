/** Scenario summaries as the rebuild queue computes them (src/services/summary.queue.ts): in a worker thread of its own pool. */
import type { CoreContext, ScenarioSpec } from '../core';
import type { SummaryColumns } from '../store/scenario.store';
import { summaryColumns, summaryOf } from '../services/summary';

/** One library's rows under its hardware `ctx`: a summary per spec, in order (null figures for one that does not estimate). */
export function summaryTask({ specs, ctx, stamp }: { specs: ScenarioSpec[]; ctx: CoreContext; stamp: string }): SummaryColumns[] {
  return specs.map((spec) => summaryColumns(summaryOf(spec, ctx, stamp)));
}
