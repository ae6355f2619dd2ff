/**
 * Vary one or two inputs over a grid and return every output as a column (row-major, axis 0 outer).
 * The base scenario is validated once and each axis value against its field's rule up front; the
 * grid is then computed on one private working copy, with no validation per point, and each phase
 * (tokens → FLOPs → cluster) is recomputed only when an input it reads has changed: sweeping
 * parameters × utilization counts the tokens once and the FLOPs once per parameter value
 * (docs/model.md, "Sweeps").
 */
import { computeCluster } from './cluster';
import { FlopscopeInputError, inputError, renamePaths } from './errors';
import { FieldRef, cloneResolved, lookupField } from './field-paths';
import { POSITIVE_INTEGER, SWEEPABLE_PATHS, describeValue, numberProblem } from './fields';
import { computeFlops } from './flops';
import { formatNumber } from './format';
import { outputColumns, outputsOf, setOutputs } from './outputs';
import { clipFrames, computeTokens } from './tokens';
import type { CoreContext, InputIssue, ScenarioSpec, SweepAxis, SweepOptions, SweepResult, SweepScale } from './types';
import { SWEEP_SCALES } from './types';
import { resolveScenario } from './validate';

export const DEFAULT_MAX_POINTS = 10_000;
const AXIS_KEYS = ['path', 'values', 'from', 'to', 'steps', 'scale'];

interface Axis {
  field: FieldRef;
  values: number[];
  /** The first phase that reads this input: setting it invalidates that phase and the ones after. */
  phase: Phase;
}

/** The estimate's computing phases, in order; each reads the one before. */
const Phase = { Tokens: 0, Flops: 1, Cluster: 2 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * The first phase that reads a sweepable input: computeTokens reads data[], tokenizer and
 * training.sequenceLength; computeFlops reads model (its architecture and encoders too) and
 * training.epochs (and the tokens);
 * computeCluster reads cluster (and the FLOPs). A training stage's input (`stages[k].…`) is read
 * where the scenario's is. The sweep test checks every sweepable path against fresh estimates, so a
 * new dependency that breaks this shows there.
 */
export function phaseOf(path: string): Phase {
  const p = path.replace(/^stages\[\d+\]\./, '');
  if (p.startsWith('data[') || p.startsWith('tokenizer.') || p === 'training.sequenceLength') return Phase.Tokens;
  if (p.startsWith('model.') || p.startsWith('training.')) return Phase.Flops;
  return Phase.Cluster;
}

/** `steps` values from `from` to `to`, both included: evenly spaced, or evenly spaced in log. */
export function axisValues(from: number, to: number, steps: number, scale: SweepScale, integer: boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    const f = steps === 1 ? 0 : k / (steps - 1);
    let v = k === 0 ? from : k === steps - 1 ? to : scale === 'LOG' ? Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from))) : from + f * (to - from);
    // Integer inputs take the nearest integer; neighbours that round alike are merged.
    if (integer) v = Math.round(v);
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the axes (paths, values, caps) against the resolved base scenario. */
function resolveAxes(axesIn: unknown, base: ReturnType<typeof resolveScenario>, maxPoints: number): Axis[] {
  if (!Array.isArray(axesIn) || axesIn.length < 1 || axesIn.length > 2) {
    throw inputError('sweep.axes', `must be a list of 1 or 2 axes, got ${Array.isArray(axesIn) ? `${axesIn.length} axes` : describeValue(axesIn)}`);
  }
  const issues: InputIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  const axes: Axis[] = [];
  axesIn.forEach((a: unknown, i: number) => {
    const p = `sweep.axes[${i}]`;
    if (!isObject(a)) {
      add(p, `must be an object { path, values } or { path, from, to, steps, scale }, got ${describeValue(a)}`);
      return;
    }
    for (const key of Object.keys(a)) {
      if (a[key] !== undefined && !AXIS_KEYS.includes(key)) add(`${p}.${key}`, `is not a known field; allowed here: ${AXIS_KEYS.join(', ')}`);
    }
    const field = lookupField(a.path, base, SWEEPABLE_PATHS);
    if (typeof field === 'string') {
      add(`${p}.path`, field);
      return;
    }
    if (axes.some((x) => x.field.path === field.path)) {
      add(`${p}.path`, `${field.path} is already swept by another axis; sweep each input once`);
      return;
    }
    const listed = a.values !== undefined && a.values !== null;
    const generated = [a.from, a.to, a.steps].some((v) => v !== undefined && v !== null);
    if (listed === generated) {
      add(p, listed ? 'give either values or from/to/steps, not both' : 'needs values (a list) or from, to and steps');
      return;
    }
    if (listed) {
      const vs = a.values;
      if (!Array.isArray(vs) || vs.length === 0) {
        add(`${p}.values`, `must be a non-empty list of numbers, got ${Array.isArray(vs) ? 'an empty list' : describeValue(vs)}`);
        return;
      }
      if (vs.length > maxPoints) {
        add(`${p}.values`, `has ${vs.length} values; the grid is capped at ${maxPoints} points`);
        return;
      }
      let ok = true;
      vs.forEach((v: unknown, j: number) => {
        const problem = numberProblem(v, field.rule) ?? field.check?.(v as number) ?? null;
        if (problem) {
          add(`${p}.values[${j}]`, `${field.path} ${problem}`);
          ok = false;
        }
      });
      if (ok) axes.push({ field, values: vs.slice() as number[], phase: phaseOf(field.path) });
      return;
    }
    const ends: (number | null)[] = (['from', 'to'] as const).map((k) => {
      const v = a[k];
      const problem = v === undefined || v === null ? `is required (${field.rule.text})` : (numberProblem(v, field.rule) ?? field.check?.(v as number) ?? null);
      if (problem) add(`${p}.${k}`, `${field.path} ${problem}`);
      return problem ? null : (v as number);
    });
    const stepsProblem = a.steps === undefined || a.steps === null ? `is required (${POSITIVE_INTEGER.text})` : numberProblem(a.steps, POSITIVE_INTEGER);
    if (stepsProblem) add(`${p}.steps`, stepsProblem);
    else if ((a.steps as number) > maxPoints) add(`${p}.steps`, `is ${a.steps}; the grid is capped at ${maxPoints} points`);
    let scale: SweepScale = 'LINEAR';
    if (a.scale !== undefined && a.scale !== null) {
      if (typeof a.scale === 'string' && (SWEEP_SCALES as readonly string[]).includes(a.scale)) scale = a.scale as SweepScale;
      else {
        add(`${p}.scale`, `must be one of ${SWEEP_SCALES.join(', ')}; got ${describeValue(a.scale)}`);
        return;
      }
    }
    const [from, to] = ends;
    if (from === null || to === null || stepsProblem || (a.steps as number) > maxPoints) return;
    const values = axisValues(from, to, a.steps as number, scale, field.rule.integer);
    // A generated value between the ends may break a rule the ends keep (a hidden size the heads do not divide).
    const bad = field.check ? values.findIndex((v) => field.check?.(v) !== null) : -1;
    if (bad >= 0) {
      add(`${p}.steps`, `gives ${field.path} = ${formatNumber(values[bad])}, which ${field.check?.(values[bad])}; list the values instead`);
      return;
    }
    axes.push({ field, values, phase: phaseOf(field.path) });
  });
  if (issues.length > 0) throw new FlopscopeInputError(issues);
  const points = axes.reduce((n, a) => n * a.values.length, 1);
  if (points > maxPoints) {
    throw inputError(
      'sweep.axes',
      `the grid has ${axes.map((a) => a.values.length).join(' × ')} = ${points} points; the cap is ${maxPoints} (use fewer values or steps)`,
    );
  }
  return axes;
}

export function sweep(spec: ScenarioSpec, axesIn: SweepAxis[], ctx?: CoreContext, opts?: SweepOptions): SweepResult {
  const maxPoints = opts?.maxPoints ?? DEFAULT_MAX_POINTS;
  const capProblem = numberProblem(maxPoints, POSITIVE_INTEGER);
  if (capProblem) throw inputError('sweep.maxPoints', capProblem);
  const base = resolveScenario(spec, ctx);
  const axes = resolveAxes(axesIn, base, maxPoints);

  const n0 = axes[0].values.length;
  const n1 = axes.length > 1 ? axes[1].values.length : 1;
  const points = n0 * n1;
  const series = outputColumns(points);

  const work = cloneResolved(base);
  // Clips whose frame count an axis changes must keep at least one frame at every grid point.
  const clipChecks = axes
    .map((a) => a.field)
    .filter((f) => f.source !== null && /\.(durationSeconds|fps)$/.test(f.path))
    .map((f) => work.stages[f.source?.stage as number].data[f.source?.index as number]);
  const [a0, a1] = axes;
  let k = 0;
  let i0 = 0;
  let i1 = 0;
  // The earliest phase whose inputs changed since it was last computed.
  let stale: Phase = Phase.Tokens;
  let tokens!: ReturnType<typeof computeTokens>;
  let flops!: ReturnType<typeof computeFlops>;
  try {
    for (i0 = 0; i0 < n0; i0++) {
      a0.field.set(work, a0.values[i0]);
      if (a0.phase < stale) stale = a0.phase;
      for (i1 = 0; i1 < n1; i1++) {
        if (a1) {
          a1.field.set(work, a1.values[i1]);
          if (a1.phase < stale) stale = a1.phase;
        }
        for (const clip of clipChecks) {
          if (clipFrames(clip) < 1) {
            throw inputError(
              a1 ? `sweep.axes[1].values[${i1}]` : `sweep.axes[0].values[${i0}]`,
              `gives a clip of ${formatNumber(clip.durationSeconds as number)} s × ${formatNumber(clip.fps as number)} fps, which rounds to 0 frames; a clip needs at least 1 frame`,
            );
          }
        }
        if (stale <= Phase.Tokens) tokens = computeTokens(work);
        if (stale <= Phase.Flops) flops = computeFlops(work, tokens);
        stale = Phase.Cluster;
        setOutputs(series, k, outputsOf({ tokens, flops, cluster: computeCluster(work, flops) }));
        k++;
      }
    }
  } catch (err) {
    // Blame the axis value that pushed the result over, not the scenario's own field.
    const rename = new Map<string, string>([[a0.field.path, `sweep.axes[0].values[${i0}]`]]);
    if (a1) rename.set(a1.field.path, `sweep.axes[1].values[${i1}]`);
    throw renamePaths(err, rename, ` (at grid point ${k})`);
  }
  return { axes: axes.map((a) => ({ path: a.field.path, values: a.values })), points, series };
}
