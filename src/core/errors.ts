import type { InputIssue } from './types';

/** The GraphQL `extensions.code` of every FlopscopeInputError. */
export const ERROR_CODE = 'BAD_USER_INPUT';

/**
 * Bad input, or input whose results would not be finite numbers. Carries every problem found
 * (`issues`), each naming a field path such as `data[1].width`; `field` is the first one's path.
 */
export class FlopscopeInputError extends Error {
  readonly code = ERROR_CODE;
  readonly issues: InputIssue[];
  readonly field: string;

  constructor(issues: InputIssue[]) {
    const list = issues.length > 0 ? issues : [{ path: 'scenario', message: 'is invalid' }];
    super(
      list.length === 1
        ? `${list[0].path}: ${list[0].message}`
        : `${list.length} problems with the input: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
    this.name = 'FlopscopeInputError';
    this.issues = list;
    this.field = list[0].path;
  }
}

export function inputError(path: string, message: string): FlopscopeInputError {
  return new FlopscopeInputError([{ path, message }]);
}

/**
 * The guard every output passes: a value that is NaN or ±Infinity becomes a FlopscopeInputError
 * naming the output and the input `path` most responsible, so the core never returns either.
 */
export function assertFinite(value: number, path: string, output = 'the result', direction: 'reduce' | 'increase' = 'reduce'): number {
  if (Number.isFinite(value)) return value;
  throw inputError(path, `result overflows: ${output} would be ${String(value)} (beyond ±1.8e308); ${direction} ${path}`);
}

/** An input that feeds an output: multiplies it, or (divides: true) divides it. */
export interface Factor {
  path: string;
  value: number;
  divides?: boolean;
}

/**
 * assertFinite, blaming the factor that pushes hardest towards overflow (largest |log10|).
 * `factors` is a function so the hot path (a finite value) allocates nothing.
 */
export function checkFinite(value: number, output: string, factorsOf: () => Factor[]): number {
  if (Number.isFinite(value)) return value;
  const factors = factorsOf();
  let blamed = factors[0];
  let worst = -Infinity;
  for (const f of factors) {
    const magnitude = Math.log10(Math.abs(f.value));
    const score = f.divides ? -magnitude : magnitude;
    if (score > worst || Number.isNaN(worst)) {
      worst = score;
      blamed = f;
    }
  }
  return assertFinite(value, blamed?.path ?? 'scenario', output, blamed?.divides ? 'increase' : 'reduce');
}

/**
 * The same error with some paths renamed: an overflow blamed on `model.parameters` during a sweep
 * becomes one on the axis value that set it (`sweep.axes[0].values[3]`). Other errors pass through.
 */
export function renamePaths(err: unknown, rename: ReadonlyMap<string, string>, note = ''): unknown {
  if (!(err instanceof FlopscopeInputError)) return err;
  let changed = false;
  const issues = err.issues.map((i) => {
    const path = rename.get(i.path);
    if (path === undefined) return i;
    changed = true;
    return { path, message: `${i.message}${note}` };
  });
  return changed ? new FlopscopeInputError(issues) : err;
}
