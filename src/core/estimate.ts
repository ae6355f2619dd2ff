/** The whole estimate of one scenario, and ratios to reference runs (docs/model.md, docs/references.md). */
import { computeCluster } from './cluster';
import { inputError } from './errors';
import { describeValue } from './fields';
import { computeFlops, modelParameters } from './flops';
import { GPT3_FLOPS, REFERENCE_MODELS, findReferenceModel } from './references';
import { stageEstimates } from './stages';
import { computeTokens } from './tokens';
import type { CoreContext, FullEstimate, ResolvedScenario, ScenarioSpec } from './types';
import { resolveScenario } from './validate';
import { collectWarnings } from './warnings';

export { assertFinite } from './errors';

/** ratioVsGPT3 = FLOPs / 3.14e23 (Brown et al. 2020, Table D.1). */
export function ratioVsGPT3(flops: number): number {
  return flops / GPT3_FLOPS;
}

/** Every output of an already-resolved scenario. */
export function estimateResolved(r: ResolvedScenario): FullEstimate {
  const tokens = computeTokens(r);
  const flops = computeFlops(r, tokens);
  const cluster = computeCluster(r, flops);
  return {
    resolved: r,
    tokens,
    flops,
    cluster,
    parameters: modelParameters(r),
    stages: stageEstimates({ resolved: r, tokens, flops, cluster }),
    ratioVsGPT3: ratioVsGPT3(flops.total),
    warnings: collectWarnings(r, tokens, flops),
    assumptions: r.assumptions,
  };
}

/** Validate, fill defaults, compute everything. */
export function estimate(spec: ScenarioSpec, ctx?: CoreContext): FullEstimate {
  return estimateResolved(resolveScenario(spec, ctx));
}

/** FLOPs as a multiple of a reference run's published training compute (docs/references.md). */
export function ratioTo(flops: number, referenceKey: string): number {
  if (typeof flops !== 'number' || !Number.isFinite(flops) || flops < 0) {
    throw inputError('flops', `must be a finite number ≥ 0, got ${describeValue(flops)}`);
  }
  const ref = typeof referenceKey === 'string' ? findReferenceModel(referenceKey) : undefined;
  if (!ref) {
    throw inputError('reference', `unknown reference model ${describeValue(referenceKey)}; valid keys: ${REFERENCE_MODELS.map((m) => m.key).join(', ')}`);
  }
  return flops / ref.flops;
}
