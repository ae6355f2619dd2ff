/** One sweep as the compute pool runs it: in a worker thread (sweep.worker.ts), or in the caller's when it is light. */
import { CoreContext, FlopscopeInputError, InputIssue, ScenarioSpec, sweep, SweepAxis, SweepResult } from '../core';

export type SweepOutcome = { ok: true; result: SweepResult } | { ok: false; issues: InputIssue[] };

/** Input errors come back as data: an Error's class does not survive the thread boundary. Only the columns asked for travel back. */
export function sweepTask({ spec, axes, ctx, outputs }: { spec: ScenarioSpec; axes: SweepAxis[]; ctx: CoreContext; outputs?: string[] }): SweepOutcome {
  try {
    const result = sweep(spec, axes, ctx);
    if (outputs) for (const k of Object.keys(result.series)) if (!outputs.includes(k)) delete (result.series as Record<string, unknown>)[k];
    return { ok: true, result };
  } catch (e) {
    if (e instanceof FlopscopeInputError) return { ok: false, issues: e.issues };
    throw e;
  }
}
