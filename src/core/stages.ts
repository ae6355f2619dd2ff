/**
 * Training stages, read back (docs/model.md, "Stages"): each stage's own figures (Estimate.stages),
 * and the warnings of every stage reported once with the stages they concern.
 */
import { Factor, checkFinite } from './errors';
import { sourceSamples } from './flops';
import { stageLabel, stagePath, stageView } from './stage-view';
import type { Computed, StageEstimate, Warning } from './types';

/**
 * One entry per stage (one for a scenario without `stages`): samples S of one pass over its data
 * (items, steps × batchSize, or TEXT sequences), tokens D, tokens per sample D / S (the sample-weighted
 * mean over its sources), the model's forward FLOPs per sample (C − C_encoders) / (3 · S · E) (their
 * sample-weighted mean: training is 3 forward passes, Kaplan et al. 2020, §2.1; the frozen encoders run
 * forward only), and the stage's FLOPs (encoders included), time and cost on its own cluster.
 */
export function stageEstimates({ resolved: r, tokens, flops, cluster }: Pick<Computed, 'resolved' | 'tokens' | 'flops' | 'cluster'>): StageEstimate[] {
  return r.stages.map((st, k) => {
    const view = r.staged ? stageView(r, k) : r;
    const t = tokens.stages?.[k] ?? tokens;
    const f = flops.stages?.[k] ?? flops;
    const c = cluster.stages?.[k] ?? cluster;
    let samples = 0;
    for (const s of t.sources) samples += sourceSamples(view, s);
    checkFinite(samples, 'samples', (): Factor[] => [{ path: stagePath(r, k, 'data'), value: samples }]);
    // Divided in turn, not by their product: 3 · S · E may underflow where C / (3 · S) / E does not.
    // The trained model's forward pass: the frozen encoders' FLOPs (forward only) are not 3 of anything.
    const model = f.encoders > 0 ? f.total - f.encoders : f.total;
    const forward = checkFinite(model / (3 * samples) / view.training.epochs, 'forward FLOPs per sample', () => [
      { path: stagePath(r, k, 'training.epochs'), value: view.training.epochs, divides: true },
    ]);
    return {
      index: k,
      name: st.name,
      samples,
      tokensPerSample: t.total / samples,
      tokens: t.total,
      forwardFlopsPerSample: forward,
      flops: f.total,
      hardwareFlops: f.hardware,
      gpuDays: c.gpuDays,
      wallClockDays: c.wallClockDays,
      costUsd: c.costUsd,
      energyMWh: c.energyMWh,
    };
  });
}

/**
 * The warnings of each stage (computed on the stage as a scenario of its own), each once: its field
 * renamed to the input that set it (stagePath), and its message prefixed with the stages it concerns
 * unless it concerns them all.
 */
export function mergeStageWarnings(r: Computed['resolved'], perStage: Warning[][]): Warning[] {
  const groups = new Map<string, { warning: Warning; stages: number[] }>();
  perStage.forEach((warnings, k) => {
    for (const w of warnings) {
      const field = w.field ? stagePath(r, k, w.field) : (w.field ?? null);
      const key = `${w.code}\u0000${field}\u0000${w.message}`;
      const group = groups.get(key);
      if (group) group.stages.push(k);
      else groups.set(key, { warning: { ...w, field }, stages: [k] });
    }
  });
  return [...groups.values()].map(({ warning, stages }) =>
    stages.length === r.stages.length ? warning : { ...warning, message: `In ${stages.map((k) => stageLabel(r, k)).join(', ')}: ${warning.message}` },
  );
}
