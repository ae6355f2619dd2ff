/** Inference: compute to generate one sample, and how many samples equal the training compute. */
import { FlopscopeInputError, assertFinite, checkFinite } from './errors';
import { forwardFlopsPerSample } from './architecture';
import { NON_NEGATIVE_INTEGER, POSITIVE_INTEGER, describeValue, numberProblem } from './fields';
import { architectureOf } from './flops';
import { stageView } from './stage-view';
import { tokensPerItem } from './tokens';
import type { Computed, InferenceOptions, InferenceResult, InputIssue } from './types';

/** Diffusion sampling defaults: 50 denoising steps with classifier-free guidance. */
export const DEFAULT_DIFFUSION_STEPS = 50;

/**
 * Forward FLOPs for T tokens: 2·N per token (Kaplan et al. 2020, arXiv:2001.08361), plus attention
 * 4·L·d·T per token, the forward third of PaLM's 12·L·d·T (Chowdhery et al. 2022, appendix B).
 */
export function forwardFlops(parameters: number, tokens: number, layers: number | null, hiddenSize: number | null): number {
  const attention = layers !== null && hiddenSize !== null ? 4 * layers * hiddenSize * tokens * tokens : 0;
  return 2 * parameters * tokens + attention;
}

interface CheckedOptions {
  issues: InputIssue[];
  stepsIn: number | null;
  sourceIn: number | null;
  guidanceIn: unknown;
}

/** The options, read: every problem collected (sourceIndex is checked against the scenario later). */
function checkOptions(opts: InferenceOptions): CheckedOptions {
  const issues: InputIssue[] = [];
  const o: Record<string, unknown> = typeof opts === 'object' && opts !== null ? (opts as Record<string, unknown>) : {};
  const check = (key: string, rule: typeof POSITIVE_INTEGER): number | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    const problem = numberProblem(v, rule);
    if (problem) issues.push({ path: `inference.${key}`, message: problem });
    return problem ? null : (v as number);
  };
  const stepsIn = check('steps', POSITIVE_INTEGER);
  const sourceIn = check('sourceIndex', NON_NEGATIVE_INTEGER);
  const guidanceIn = o.guidance;
  if (guidanceIn !== undefined && guidanceIn !== null && typeof guidanceIn !== 'boolean') {
    issues.push({ path: 'inference.guidance', message: `must be true or false, got ${describeValue(guidanceIn)}` });
  }
  return { issues, stepsIn, sourceIn, guidanceIn };
}

/**
 * Inference with the estimate's model and cluster: flopsPerSample = steps · forward(T) · (2 with
 * classifier-free guidance: a conditional and an unconditional pass per step), forward(T) counted
 * from `model.architecture` when there is one, else 2·N·T + 4·L·d·T². A TEXT sample is one
 * sequence of `sequenceLength` tokens, generated in one forward pass' worth of FLOPs (steps default
 * 1, no guidance). Every problem with the options is reported at once. With stages, the sample is
 * one of the last stage's (the model as finally trained, at its final resolution) on its cluster.
 */
export function inferenceEstimate(training: Computed, opts: InferenceOptions = {}): InferenceResult {
  const { issues, stepsIn, sourceIn, guidanceIn } = checkOptions(opts);
  const last = training.resolved.stages.length - 1;
  const r = training.resolved.staged ? stageView(training.resolved, last) : training.resolved;
  const effectiveFlopsPerGpu = (training.cluster.stages?.[last] ?? training.cluster).effectiveFlopsPerGpu;
  if (sourceIn !== null && sourceIn >= r.data.length) {
    issues.push({ path: 'inference.sourceIndex', message: `must name a data source, 0..${r.data.length - 1}; got ${sourceIn}` });
  }
  if (issues.length > 0) throw new FlopscopeInputError(issues);

  const firstMedia = r.data.findIndex((s) => s.kind !== 'TEXT');
  const sourceIndex = sourceIn ?? (firstMedia >= 0 ? firstMedia : null);
  const source = sourceIndex === null ? null : r.data[sourceIndex];
  const media = source !== null && source.kind !== 'TEXT';
  const steps = stepsIn ?? (media ? DEFAULT_DIFFUSION_STEPS : 1);
  const guidance = typeof guidanceIn === 'boolean' ? guidanceIn : media;
  const tokensPerSample = source !== null && media ? tokensPerItem(source, r.tokenizer) : r.training.sequenceLength;

  const { parameters, layers, hiddenSize, architecture } = r.model;
  const modelPath = architecture === null ? 'model.parameters' : 'model.architecture';
  const samplePath = sourceIndex === null ? 'training.sequenceLength' : `data[${sourceIndex}].width`;
  // With an architecture, its forward pass counted operation by operation, attention included (docs/architectures.md).
  const forward =
    architecture === null ? forwardFlops(parameters, tokensPerSample, layers, hiddenSize) : forwardFlopsPerSample(architectureOf(r), { tokensPerSample }).total;
  const flopsPerSample = checkFinite(steps * forward * (guidance ? 2 : 1), 'FLOPs per sample', () => [
    { path: modelPath, value: parameters },
    { path: samplePath, value: tokensPerSample * tokensPerSample },
    { path: 'inference.steps', value: steps },
  ]);
  const gpuSecondsPerSample = checkFinite(flopsPerSample / effectiveFlopsPerGpu, 'GPU-seconds per sample', () => [
    { path: modelPath, value: flopsPerSample },
    { path: 'cluster.utilization', value: r.cluster.utilization, divides: true },
  ]);
  const price = r.cluster.pricePerGpuHour;
  return {
    steps,
    guidance,
    sourceIndex,
    tokensPerSample,
    flopsPerSample,
    attentionIncluded: architecture !== null || (layers !== null && hiddenSize !== null),
    gpuSecondsPerSample,
    costPerSampleUsd:
      price === null ? null : checkFinite((gpuSecondsPerSample / 3600) * price, 'cost per sample', () => [{ path: 'cluster.pricePerGpuHour', value: price }]),
    // Only a per-sample figure that underflowed to 0 can make this non-finite.
    samplesToMatchTraining: assertFinite(training.flops.total / flopsPerSample, modelPath, 'samples to match training', 'increase'),
  };
}
