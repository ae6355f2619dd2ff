import { FlopscopeInputError, ScenarioSpec } from '../../src/core';

/** |actual − expected| / |expected|. */
export function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Passes when `actual` is within `tolerance` (relative) of `expected`; the message shows both. */
export function expectClose(actual: number, expected: number, tolerance: number): void {
  const err = relErr(actual, expected);
  if (!(err <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance * 100}% of ${expected} (off by ${(err * 100).toPrecision(3)}%)`);
  }
}

/** Runs `fn`, expects a FlopscopeInputError, and returns it. */
export function inputErrorOf(fn: () => unknown): FlopscopeInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlopscopeInputError) return err;
    throw new Error(`expected a FlopscopeInputError, got ${String(err)}`);
  }
  throw new Error('expected a FlopscopeInputError, but nothing was thrown');
}

/** Expects a FlopscopeInputError with an issue on `path` (and returns that issue's message). */
export function expectIssue(fn: () => unknown, path: string): string {
  const err = inputErrorOf(fn);
  const issue = err.issues.find((i) => i.path === path);
  if (!issue) throw new Error(`expected an issue on ${path}; got ${JSON.stringify(err.issues)}`);
  return issue.message;
}

/** Every number reachable in `value`, with its path. */
export function numbersIn(value: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  }
  return out;
}

/** A scenario that uses every field, so every path exists. */
export const FULL: ScenarioSpec = {
  name: 'full',
  description: 'every field',
  model: { parameters: 1e9, layers: 24, hiddenSize: 2048 },
  data: [
    { kind: 'IMAGE', count: 1000, width: 512, height: 512 },
    { kind: 'VIDEO', count: 10, width: 640, height: 360, durationSeconds: 4, fps: 24 },
    { kind: 'TEXT', count: 1e9 },
  ],
  tokenizer: { method: 'LATENT', patchSize: 2, temporalPatchSize: 1, vaeSpatialFactor: 8, vaeTemporalFactor: 4 },
  training: { epochs: 1, attention: true, sequenceLength: 2048 },
  cluster: { hardware: 'h100-sxm', precision: 'BF16', gpuCount: 8, utilization: 0.4, pricePerGpuHour: 3, pue: 1.2 },
};

/** FULL with a fourth source given as steps × batchSize of clips of `frames` (issue 17), so those paths exist too. */
export const FULL_STEPS: ScenarioSpec = {
  ...FULL,
  data: [...(FULL.data ?? []), { kind: 'VIDEO', steps: 100, batchSize: 8, width: 320, height: 240, frames: 49 }],
};
