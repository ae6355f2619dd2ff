/**
 * Training stages as the single-stage computations see them (docs/model.md, "Stages"): a stage is
 * its scenario with the stage's data, tokenizer, training, cluster and hardware in place of the
 * scenario's own, so tokens.ts, flops.ts and cluster.ts compute one stage exactly as they compute a
 * scenario without stages. The paths they report (`data[0].count`, `cluster.gpuCount`) are then
 * renamed to the input that set them (`stages[1].data[0].steps`, or the scenario's `cluster.gpuCount`).
 */
import { FlopscopeInputError } from './errors';
import type { ResolvedScenario } from './types';

/** Stage k of a scenario given with `stages`, as a scenario of one stage (a new object; the stage's own parts are shared, not copied). */
export function stageView(r: ResolvedScenario, k: number): ResolvedScenario {
  const st = r.stages[k];
  return {
    ...r,
    data: st.data,
    tokenizer: st.tokenizer,
    training: st.training,
    cluster: st.cluster,
    hardware: st.hardware,
    peakFlopsPerSecond: st.peakFlopsPerSecond,
    stages: [st],
    staged: false,
  };
}

/**
 * The input a path of stage k's view names: its data are `stages[k].data[i]`; a tokenizer,
 * training or cluster field is the stage's own when it sets it, else the scenario's.
 */
export function stagePath(r: ResolvedScenario, k: number, path: string): string {
  if (!r.staged) return path;
  if (path === 'data' || path.startsWith('data[') || r.stages[k].own.includes(path)) return `stages[${k}].${path}`;
  return path;
}

/** "stages[1] (video 768 px)": how messages name a stage. */
export function stageLabel(r: ResolvedScenario, k: number): string {
  const name = r.stages[k].name;
  return name ? `stages[${k}] (${name})` : `stages[${k}]`;
}

/** Runs stage k's computation; a FlopscopeInputError it throws names the inputs of the stage (stagePath). */
export function inStage<T>(r: ResolvedScenario, k: number, compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (!(err instanceof FlopscopeInputError)) throw err;
    throw new FlopscopeInputError(err.issues.map((i) => ({ path: stagePath(r, k, i.path), message: i.message })));
  }
}
