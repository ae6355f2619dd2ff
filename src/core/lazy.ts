/**
 * One scenario's estimate, computed stage by stage and only as far as what is asked needs: asking
 * for `tokens` never computes FLOPs, asking for `flops` never computes cost. Each stage runs at most
 * once per LazyEstimate; the what-if questions start from those stages, so the scenario is
 * validated and computed once however many questions are asked.
 */
import { computeCluster } from './cluster';
import { FlopscopeInputError } from './errors';
import { ratioTo, ratioVsGPT3 } from './estimate';
import type { ArchitectureParameters } from './architecture';
import { computeFlops, modelParameters } from './flops';
import { inferenceEstimate } from './inference';
import { chinchillaOptimal, daysForBudget, gpusForDeadline, impliedUtilization } from './inverse';
import { estimateRange } from './ranges';
import { stageEstimates } from './stages';
import { computeTokens } from './tokens';
import type {
  BudgetResult,
  ChinchillaResult,
  ClusterResult,
  Computed,
  CoreContext,
  DeadlineResult,
  FlopsResult,
  InferenceOptions,
  InferenceResult,
  RangeEstimate,
  ResolvedScenario,
  ScenarioSpec,
  StageEstimate,
  TokenResult,
  Warning,
} from './types';
import { resolveScenario } from './validate';
import { collectWarnings } from './warnings';

export interface LazyEstimate {
  readonly spec: ScenarioSpec;
  readonly ctx: CoreContext;
  /** The validated scenario with its defaults; throws a FlopscopeInputError for bad input. */
  resolved(): ResolvedScenario;
  tokens(): TokenResult;
  flops(): FlopsResult;
  /** The model's parameters by how often they run (counted from the architecture, or N per token). */
  parameters(): ArchitectureParameters;
  cluster(): ClusterResult;
  /** Each training stage's figures (one entry without `stages`). */
  stages(): StageEstimate[];
  /** The MFU a published GPU time implies: model FLOPs / (gpuHours · 3,600 · peak) (inverse.ts). */
  impliedUtilization(gpuHours: number): number;
  warnings(): Warning[];
  ratioVsGPT3(): number;
  ratioTo(reference: string): number;
  /** Low / expected / high of every output over the scenario's ranges. */
  range(): RangeEstimate;
  gpusForDeadline(days: number): DeadlineResult;
  /** null when the scenario has no price (its NO_PRICE warning says so), as costUsd is. */
  daysForBudget(budgetUsd: number): BudgetResult | null;
  chinchillaOptimal(): ChinchillaResult;
  inference(opts: InferenceOptions): InferenceResult;
}

/** `f`, run on the first call only; later calls return its first value. */
function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

export function lazyEstimate(spec: ScenarioSpec, ctx: CoreContext = {}): LazyEstimate {
  const resolved = once(() => resolveScenario(spec, ctx));
  const tokens = once(() => computeTokens(resolved()));
  const flops = once(() => computeFlops(resolved(), tokens()));
  const parameters = once(() => modelParameters(resolved()));
  const cluster = once(() => computeCluster(resolved(), flops()));
  const warnings = once(() => collectWarnings(resolved(), tokens(), flops()));
  const computed = (): Computed => ({ resolved: resolved(), tokens: tokens(), flops: flops(), cluster: cluster() });
  return {
    spec,
    ctx,
    resolved,
    tokens,
    flops,
    parameters,
    cluster,
    stages: once(() => stageEstimates(computed())),
    impliedUtilization: (gpuHours) => impliedUtilization(computed(), gpuHours),
    warnings,
    ratioVsGPT3: () => ratioVsGPT3(flops().total),
    ratioTo: (reference) => ratioTo(flops().total, reference),
    range: once(() => estimateRange(computed())),
    gpusForDeadline: (days) => gpusForDeadline(computed(), days),
    daysForBudget: (budgetUsd) => {
      try {
        return daysForBudget(computed(), budgetUsd);
      } catch (e) {
        // No price (for some stage): null, as costUsd is.
        if (e instanceof FlopscopeInputError && e.field.endsWith('cluster.pricePerGpuHour') && computed().cluster.costUsd === null) return null;
        throw e;
      }
    },
    chinchillaOptimal: once(() => chinchillaOptimal(computed())),
    inference: (opts) => inferenceEstimate(computed(), opts),
  };
}
