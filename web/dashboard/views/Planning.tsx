/**
 * Over 300 lines: the planner's questions share the scenario's input and one request per question
 * group; each block is a small component.
 *
 * Planning, on the scenario page (issue 18, item 4): the questions a planner asks of a scenario,
 * every figure asked of the API (Estimate.gpusForDeadline, daysForBudget, range, chinchillaOptimal,
 * inference; docs/model.md, "Inverse questions" and "Inference per sample"), none computed here.
 * The ranges are part of the scenario's input (`ranges`): editing them changes the input, as the
 * form does, and saving keeps them.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type DataSourceInput, gql, type Issue, type ScenarioInput } from '../api';
import { useShared } from '../context';
import {
  ACCEPTS,
  formatCompact,
  formatPercent,
  formatRatio,
  formatSci,
  formatUsd,
  METRICS,
  type NumberKind,
  numberKind,
  parseField,
  readField,
  toField,
} from '../format';
import { getIn, setIn } from '../input';
import { navigate, parseHash } from '../route';
import { fieldId, Num, TableScroll } from '../ui';
import { useNumberText } from './fields';
import '../panels.css';

interface Bounds {
  low: number;
  expected: number;
  high: number;
}
type RangeMetric = 'flops' | 'pfDays' | 'gpuDays' | 'wallClockDays' | 'costUsd' | 'energyMWh' | 'ratioVsGPT3' | 'tokens';
const RANGE_METRICS: RangeMetric[] = ['flops', 'pfDays', 'gpuDays', 'wallClockDays', 'costUsd', 'energyMWh', 'ratioVsGPT3', 'tokens'];

interface Plan {
  flops: number;
  tokens: number;
  costUsd: number | null;
  wallClockDays: number;
  hardware: { name: string };
  parameters: { total: number };
  chinchillaOptimal: { computeFlops: number; parameters: number; tokens: number; tokensPerParameter: number };
  range: Record<RangeMetric, Bounds | null> | null;
  gpusForDeadline?: { gpuCount: number; wallClockDays: number };
  daysForBudget?: { affordableGpuHours: number; costUsd: number; daysAffordable: number; fractionOfTraining: number; wallClockDaysNeeded: number } | null;
}

interface Inference {
  flopsPerSample: number;
  tokensPerSample: number;
  gpuSecondsPerSample: number;
  costPerSampleUsd: number | null;
  samplesToMatchTraining: number;
}

const BOUNDS = 'low expected high';
export const Q_PLAN = `query DashboardPlan($input: ScenarioInput!, $days: Float!, $budgetUsd: Float!, $withDays: Boolean!, $withBudget: Boolean!) {
  estimate(input: $input) {
    flops tokens costUsd wallClockDays
    hardware { name }
    parameters { total }
    chinchillaOptimal { computeFlops parameters tokens tokensPerParameter }
    range { ${RANGE_METRICS.map((m) => `${m} { ${BOUNDS} }`).join(' ')} }
    gpusForDeadline(days: $days) @include(if: $withDays) { gpuCount wallClockDays }
    daysForBudget(budgetUsd: $budgetUsd) @include(if: $withBudget) { affordableGpuHours costUsd daysAffordable fractionOfTraining wallClockDaysNeeded }
  }
}`;

export const Q_INFERENCE = `query DashboardInference($input: ScenarioInput!, $steps: Int, $guidance: Boolean, $sourceIndex: Int) {
  estimate(input: $input) {
    inference(steps: $steps, guidance: $guidance, sourceIndex: $sourceIndex) { flopsPerSample tokensPerSample gpuSecondsPerSample costPerSampleUsd samplesToMatchTraining }
  }
}`;

const DEFAULT_DAYS = 30;
const DEFAULT_BUDGET = 1e6;

/** "$2.5M", "2,500,000", "2.5e6", "USD 2.5M" → 2500000 (NaN when it is not a number). */
function parseMoney(text: string): number {
  const read = readField(text.trim().replace(/^usd\s*/i, ''), 'usd');
  return 'value' in read ? read.value : Number.NaN;
}

/** A cost per sample: fractions of a cent written out ("$0.0000654"), not in e-notation. */
function usdPerSample(x: number): string {
  return x > 0 && x < 0.01 ? `$${Number(x.toPrecision(3)).toFixed(Math.max(2, 2 - Math.floor(Math.log10(x))))}` : formatUsd(x);
}

function problemText(e: unknown): string {
  if (e instanceof ApiError && e.issues.length) return e.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return (e as Error).message;
}

/** The URL's planning parameters (deadline, budget), changed without adding history entries. */
function setPlanParam(key: 'deadline' | 'budget', value: string): void {
  const r = parseHash(location.hash);
  const params = { ...r.params };
  if (value) params[key] = value;
  else delete params[key];
  navigate({ ...r, params }, true);
}

// ---- ranges ----

const INTEGER_FIELDS = /(gpuCount|count|steps|batchSize|frames|width|height|layers|hiddenSize|ffnSize|kvHeads|contextTokens|contextSize|tokensPerSample)$/;
const SOURCE_RANGE_FIELDS = ['count', 'steps', 'batchSize', 'frames', 'width', 'height'] as const;
const CLUSTER_RANGE_FIELDS = ['utilization', 'gpuCount', 'pricePerGpuHour'] as const;
const ARCHITECTURE_RANGE_FIELDS = ['layers', 'hiddenSize', 'ffnSize', 'kvHeads', 'contextTokens', 'contextSize'] as const;
const ENCODER_RANGE_FIELDS = ['parameters', 'tokensPerSample', 'forwardFlopsPerSample', 'forwardFlopsPerPixel'] as const;

function sourceGives(s: DataSourceInput, field: (typeof SOURCE_RANGE_FIELDS)[number]): boolean {
  if (field === 'width' || field === 'height') return s.kind !== 'TEXT';
  return typeof s[field] === 'number';
}

/** The inputs of this scenario that may carry a range (RANGEABLE_PATHS, spelled out for its sources, encoders and stages). */
export function rangeablePaths(input: ScenarioInput): string[] {
  const out: string[] = [];
  if (typeof input.model.parameters === 'number') out.push('model.parameters');
  for (const f of ARCHITECTURE_RANGE_FIELDS) if (typeof input.model.architecture?.[f] === 'number') out.push(`model.architecture.${f}`);
  (input.model.encoders ?? []).forEach((e, j) => {
    for (const f of ENCODER_RANGE_FIELDS) if (typeof e[f] === 'number') out.push(`model.encoders[${j}].${f}`);
  });
  const sources = (prefix: string, data: DataSourceInput[]) =>
    data.forEach((s, i) => {
      for (const f of SOURCE_RANGE_FIELDS) if (sourceGives(s, f)) out.push(`${prefix}data[${i}].${f}`);
    });
  if (input.stages) input.stages.forEach((st, k) => sources(`stages[${k}].`, st.data));
  else sources('', input.data ?? []);
  for (const f of CLUSTER_RANGE_FIELDS) out.push(`cluster.${f}`);
  input.stages?.forEach((st, k) => {
    for (const f of CLUSTER_RANGE_FIELDS) if (st.cluster?.[f] !== undefined) out.push(`stages[${k}].cluster.${f}`);
  });
  return out;
}

/** The value a new range is drawn around: the input's, else the default the API would use. */
function valueOf(input: ScenarioInput, path: string, catalogPrice: number | null): number | undefined {
  const v = getIn(input, path);
  if (typeof v === 'number') return v;
  if (path.endsWith('cluster.utilization')) return 0.4;
  if (path.endsWith('cluster.gpuCount')) return 1;
  if (path.endsWith('cluster.pricePerGpuHour')) return catalogPrice ?? undefined;
  return undefined;
}

/** A first range around the value: −20% / +25% (whole numbers rounded outwards; utilization at most 1). */
function firstRange(path: string, value: number): { low: number; high: number } {
  let low = value * 0.8;
  let high = value * 1.25;
  if (INTEGER_FIELDS.test(path)) {
    low = Math.max(1, Math.floor(low));
    high = Math.ceil(high);
  } else {
    low = Number(low.toPrecision(3));
    high = Number(high.toPrecision(3));
  }
  if (path.endsWith('utilization')) high = Math.min(1, high);
  return { low: Math.min(low, value), high: Math.max(high, value) };
}

/** A range's low or high: read as the ranged input's kind (`kind`: 30% for a utilization, $2.50 for a price, whole GPUs). */
function RangeNumber({
  value,
  path,
  label,
  kind,
  issue,
  onValue,
}: {
  value: number;
  path: string;
  label: string;
  kind: NumberKind;
  issue?: Issue;
  onValue(v: number): void;
}) {
  const { text, setText, local, setLocal } = useNumberText(value, path, kind);
  const problem = local ?? issue?.message;
  return (
    <label class={`field small ${problem ? 'invalid' : ''}`}>
      <span class="label">{label}</span>
      <input
        id={fieldId(path)}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={problem ? true : undefined}
        onInput={(e) => {
          const t = (e.target as HTMLInputElement).value;
          setText(t);
          const read = readField(t, kind);
          if ('problem' in read) return setLocal(read.problem);
          setLocal(null);
          onValue(read.value);
        }}
      />
      {problem ? <span class="problem">{problem}</span> : kind === 'fraction' || kind === 'usd' ? <span class="hint">{ACCEPTS[kind]}</span> : null}
    </label>
  );
}

function RangesEditor({ input, issues, onChange }: { input: ScenarioInput; issues: Issue[]; onChange(input: ScenarioInput): void }) {
  const { hardware } = useShared();
  const ranges = input.ranges ?? [];
  const paths = rangeablePaths(input);
  const catalogPrice = hardware.find((h) => h.key === (input.cluster?.hardware ?? 'h100-sxm'))?.pricePerGpuHour ?? null;
  const set = (next: typeof ranges) => onChange(setIn(input, 'ranges', next.length ? next : undefined));
  const free = paths.filter((p) => !ranges.some((r) => r.path === p) && valueOf(input, p, catalogPrice) !== undefined);
  const add = () => {
    const path = free[0];
    const v = valueOf(input, path, catalogPrice) as number;
    set([...ranges, { path, ...firstRange(path, v) }]);
  };
  const issue = (i: number, end: string) => issues.find((x) => x.path === `ranges[${i}].${end}`);
  return (
    <div class="ranges-editor" data-testid="ranges-editor">
      {ranges.map((r, i) => (
        <div class="row range" key={i} data-range={r.path}>
          <label class={`field ${issue(i, 'path') ? 'invalid' : ''}`}>
            <span class="label">Uncertain input</span>
            <select
              id={fieldId(`ranges[${i}].path`)}
              value={r.path}
              onChange={(e) => {
                const path = (e.target as HTMLSelectElement).value;
                const v = valueOf(input, path, catalogPrice);
                set(ranges.map((x, k) => (k === i ? { path, ...(v === undefined ? { low: x.low, high: x.high } : firstRange(path, v)) } : x)));
              }}
              data-testid="range-path"
            >
              {[...new Set([r.path, ...paths])].map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            {issue(i, 'path') && <span class="problem">{issue(i, 'path')?.message}</span>}
          </label>
          <RangeNumber
            value={r.low}
            path={`ranges[${i}].low`}
            label="Low"
            kind={numberKind(r.path)}
            issue={issue(i, 'low')}
            onValue={(low) => set(ranges.map((x, k) => (k === i ? { ...x, low } : x)))}
          />
          <span class="hint">expected {toField(valueOf(input, r.path, catalogPrice))}</span>
          <RangeNumber
            value={r.high}
            path={`ranges[${i}].high`}
            label="High"
            kind={numberKind(r.path)}
            issue={issue(i, 'high')}
            onValue={(high) => set(ranges.map((x, k) => (k === i ? { ...x, high } : x)))}
          />
          <button type="button" class="secondary small" onClick={() => set(ranges.filter((_, k) => k !== i))} aria-label={`Remove the range on ${r.path}`}>
            remove
          </button>
        </div>
      ))}
      <div class="row">
        <button type="button" class="secondary small" disabled={!free.length || ranges.length >= 8} onClick={add} data-testid="range-add">
          + range
        </button>
        <span class="hint">
          {ranges.length >= 8
            ? 'At most 8 ranges (2⁸ corners, each a full estimate).'
            : 'An uncertain input: low and high around the scenario’s value. Saved with the scenario.'}
        </span>
      </div>
    </div>
  );
}

function RangeTable({ range }: { range: NonNullable<Plan['range']> }) {
  return (
    <TableScroll label="Low, expected and high outputs">
      <table class="range-table" data-testid="range-table">
        <caption class="sr-only">Low, expected and high of every output over the ranges</caption>
        <thead>
          <tr>
            <th scope="col">Output</th>
            <th scope="col" class="numeric">
              Low
            </th>
            <th scope="col" class="numeric">
              Expected
            </th>
            <th scope="col" class="numeric">
              High
            </th>
          </tr>
        </thead>
        <tbody>
          {RANGE_METRICS.map((m) => {
            const b = range[m];
            return (
              <tr key={m} data-range-metric={m}>
                <th scope="row">{METRICS[m].label}</th>
                {(['low', 'expected', 'high'] as const).map((end) => (
                  <td key={end} class="numeric" data-end={end}>
                    <Num value={b ? b[end] : null} metric={METRICS[m]} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

// ---- the questions ----

function Questions({ plan, days, budget }: { plan: Plan; days: number; budget: number }) {
  const d = plan.gpusForDeadline;
  const b = plan.daysForBudget;
  const c = plan.chinchillaOptimal;
  return (
    <dl class="plan-answers">
      {d && (
        <div data-testid="plan-deadline">
          <dt>
            GPUs ({plan.hardware.name}) to finish within {formatCompact(days)} days
          </dt>
          <dd>
            <strong>
              <span data-figure="gpuCount">
                <Num value={d.gpuCount} format={(x) => x.toLocaleString('en-US')} unit="GPUs" />
              </span>
            </strong>{' '}
            {d.gpuCount === 1 ? 'GPU' : 'GPUs'}, done in{' '}
            <span data-figure="deadlineDays">
              <Num value={d.wallClockDays} metric={METRICS.wallClockDays} />
            </span>{' '}
            days
          </dd>
        </div>
      )}
      {plan.gpusForDeadline !== undefined || plan.daysForBudget !== undefined ? null : <p class="hint">Enter a deadline or a budget.</p>}
      {b !== undefined && (
        <div data-testid="plan-budget">
          <dt>What {formatUsd(budget)} buys</dt>
          {b === null ? (
            <dd class="muted">No price is known for this hardware: set cluster.pricePerGpuHour.</dd>
          ) : (
            <dd>
              <strong>
                <span data-figure="affordableGpuHours">
                  <Num value={b.affordableGpuHours} format={(x) => formatCompact(x)} unit="GPU-hours" />
                </span>
              </strong>{' '}
              GPU-hours,{' '}
              <span data-figure="fractionOfTraining">
                <Num value={b.fractionOfTraining} format={(x) => (x >= 1 ? `${formatRatio(x)} the cost of` : `${formatPercent(x)} of the cost of`)} />
              </span>{' '}
              this training run (
              <span data-figure="costUsd">
                <Num value={b.costUsd} metric={METRICS.costUsd} />
              </span>
              ): {b.fractionOfTraining >= 1 ? 'enough to finish' : 'not enough to finish'}. On this scenario’s GPUs it pays for{' '}
              <strong data-figure="daysAffordable">
                <Num value={b.daysAffordable} metric={METRICS.wallClockDays} />
              </strong>{' '}
              days of running; the run needs{' '}
              <span data-figure="wallClockDaysNeeded">
                <Num value={b.wallClockDaysNeeded} metric={METRICS.wallClockDays} />
              </span>
              .
              {d && (
                <>
                  {' '}
                  Within the deadline it takes {d.gpuCount.toLocaleString('en-US')} {d.gpuCount === 1 ? 'GPU' : 'GPUs'}, for the same cost: GPU-hours do not
                  change with the GPU count.
                </>
              )}
            </dd>
          )}
        </div>
      )}
      <div data-testid="plan-chinchilla">
        <dt>Compute-optimal size for these {formatSci(c.computeFlops)} FLOPs (Chinchilla, ~20 tokens per parameter)</dt>
        <dd>
          <strong>
            <span data-figure="optimalParameters">
              <Num value={c.parameters} format={(x) => formatCompact(x)} unit="parameters" />
            </span>
          </strong>{' '}
          parameters on{' '}
          <span data-figure="optimalTokens">
            <Num value={c.tokens} metric={METRICS.tokens} />
          </span>{' '}
          tokens ({formatCompact(c.tokensPerParameter)} per parameter); this scenario trains{' '}
          <Num value={plan.parameters.total} format={(x) => formatCompact(x)} unit="parameters" /> on <Num value={plan.tokens} metric={METRICS.tokens} />{' '}
          tokens.
        </dd>
      </div>
    </dl>
  );
}

function InferencePanel({ input }: { input: ScenarioInput }) {
  const [steps, setSteps] = useState('');
  const [guidance, setGuidance] = useState<'' | 'on' | 'off'>('');
  const [sourceIndex, setSourceIndex] = useState('');
  const [result, setResult] = useState<Inference | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stepsValue = steps.trim() === '' ? null : Number(steps);
  const sources = input.stages ? (input.stages[input.stages.length - 1]?.data ?? []) : (input.data ?? []);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      gql<{ estimate: { inference: Inference } }>(Q_INFERENCE, {
        input,
        steps: stepsValue,
        guidance: guidance === '' ? null : guidance === 'on',
        sourceIndex: sourceIndex === '' ? null : Number(sourceIndex),
      })
        .then((d) => {
          if (!live) return;
          setResult(d.estimate.inference);
          setError(null);
        })
        .catch((e) => live && setError(problemText(e)));
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [input, steps, guidance, sourceIndex]);
  return (
    <div class="inference" data-testid="plan-inference">
      <h3>Inference: one generated sample</h3>
      <div class="row">
        <label class="field small">
          <span class="label">Sampling steps</span>
          <input
            type="text"
            inputMode="numeric"
            value={steps}
            placeholder="default"
            onInput={(e) => setSteps((e.target as HTMLInputElement).value)}
            data-testid="inference-steps"
          />
        </label>
        <label class="field small">
          <span class="label">Guidance</span>
          <select value={guidance} onChange={(e) => setGuidance((e.target as HTMLSelectElement).value as '' | 'on' | 'off')} data-testid="inference-guidance">
            <option value="">default</option>
            <option value="on">on (2 passes a step)</option>
            <option value="off">off</option>
          </select>
        </label>
        {sources.length > 1 && (
          <label class="field small">
            <span class="label">Sample like</span>
            <select value={sourceIndex} onChange={(e) => setSourceIndex((e.target as HTMLSelectElement).value)} data-testid="inference-source">
              <option value="">the first image/video source</option>
              {sources.map((s, i) => (
                <option key={i} value={String(i)}>
                  data[{i}] {s.kind.toLowerCase()}
                  {s.width && s.height ? ` ${s.width}×${s.height}` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p class="hint">Defaults: 50 denoising steps with classifier-free guidance for images and video; one forward pass of a sequence for text.</p>
      {error && <p class="error">{error}</p>}
      {result && (
        <dl class={`plan-answers ${error ? 'stale' : ''}`}>
          <div data-testid="inference-cost">
            <dt>Per generated sample</dt>
            <dd>
              <strong>
                <span data-figure="costPerSampleUsd">
                  <Num value={result.costPerSampleUsd} format={usdPerSample} unit="USD" />
                </span>
              </strong>
              ,{' '}
              <span data-figure="gpuSecondsPerSample">
                <Num value={result.gpuSecondsPerSample} format={(x) => formatCompact(x)} unit="GPU-seconds" />
              </span>{' '}
              GPU-seconds,{' '}
              <span data-figure="flopsPerSample">
                <Num value={result.flopsPerSample} metric={METRICS.flops} />
              </span>{' '}
              FLOPs ({formatCompact(result.tokensPerSample)} tokens)
            </dd>
          </div>
          <div data-testid="inference-breakeven">
            <dt>Break-even against training</dt>
            <dd>
              after{' '}
              <strong>
                <span data-figure="samplesToMatchTraining">
                  <Num value={result.samplesToMatchTraining} format={(x) => formatCompact(x)} unit="samples" />
                </span>
              </strong>{' '}
              generated samples, inference has used as much compute as training did.
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}

export function PlanningPanel({ input, issues, onChange }: { input: ScenarioInput; issues: Issue[]; onChange(input: ScenarioInput): void }) {
  const hash = parseHash(location.hash).params;
  const [daysText, setDaysText] = useState(hash.deadline ?? String(DEFAULT_DAYS));
  const [budgetText, setBudgetText] = useState(hash.budget ?? formatUsd(DEFAULT_BUDGET));
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const days = parseField(daysText);
  const budget = parseMoney(budgetText);
  const withDays = Number.isFinite(days) && days > 0;
  const withBudget = Number.isFinite(budget) && budget > 0;

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      gql<{ estimate: Plan }>(Q_PLAN, { input, days: withDays ? days : 1, budgetUsd: withBudget ? budget : 1, withDays, withBudget })
        .then((d) => {
          if (!live) return;
          setPlan(d.estimate);
          setError(null);
        })
        .catch((e) => live && setError(problemText(e)));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [input, days, budget]);

  return (
    <section class="planning" data-testid="planning">
      <h2>Planning</h2>
      <div class="row">
        <label class={`field small ${withDays || !daysText.trim() ? '' : 'invalid'}`}>
          <span class="label">Deadline (days)</span>
          <input
            type="text"
            inputMode="decimal"
            value={daysText}
            onInput={(e) => {
              const t = (e.target as HTMLInputElement).value;
              setDaysText(t);
              setPlanParam('deadline', t.trim());
            }}
            data-testid="plan-days"
          />
          {!withDays && daysText.trim() && <span class="problem">a positive number of days</span>}
        </label>
        <label class={`field small ${withBudget || !budgetText.trim() ? '' : 'invalid'}`}>
          <span class="label">Budget (USD)</span>
          <input
            type="text"
            inputMode="decimal"
            value={budgetText}
            onInput={(e) => {
              const t = (e.target as HTMLInputElement).value;
              setBudgetText(t);
              setPlanParam('budget', t.trim());
            }}
            data-testid="plan-budget-input"
          />
          {!withBudget && budgetText.trim() && <span class="problem">a positive amount: 2500000, 2.5M or $2.5M</span>}
        </label>
      </div>
      {error && (
        <p class="muted" data-testid="plan-error">
          {issues.length ? 'Fix the flagged inputs to plan; the figures below are for the last valid input.' : error}
        </p>
      )}
      {plan && (
        <div class={error ? 'stale' : ''}>
          <Questions plan={plan} days={days} budget={budget} />
        </div>
      )}
      <h3>Low, expected, high</h3>
      <RangesEditor input={input} issues={issues} onChange={onChange} />
      {plan?.range ? (
        <RangeTable range={plan.range} />
      ) : (
        <p class="muted">No ranges: add one to see every output as low / expected / high over the corners of the ranges.</p>
      )}
      <InferencePanel input={input} />
    </section>
  );
}
