/** A sweep: one input over a range, one output along it (Query.sweep), drawn as a line. */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { SWEEPABLE_PATHS } from '../../../src/core/fields';
import { ApiError, type DataSourceInput, gql, Q_SWEEP, type ScenarioInput } from '../api';
import { ChartView, logAxisTicks, PALETTE, useNarrow } from '../charts';
import { ACCEPTS, formatCompact, formatNumber, METRICS, type MetricKey, numberKind, readField } from '../format';
import { getIn } from '../input';
import type { Route } from '../route';
import { ErrorBox } from '../ui';

/** Points of a sweep's line: a chart shows no more (the API would take 10,000); more asked for are capped, and the panel says so. */
export const MAX_POINTS = 200;
const SWEEP_METRICS: MetricKey[] = ['wallClockDays', 'costUsd', 'flops', 'gpuDays', 'pfDays', 'energyMWh'];
const DEFAULTS: Record<string, number> = {
  'tokenizer.temporalPatchSize': 1,
  'tokenizer.vaeSpatialFactor': 8,
  'tokenizer.vaeTemporalFactor': 4,
  'training.epochs': 1,
  'training.sequenceLength': 2048,
  'cluster.gpuCount': 1,
  'cluster.utilization': 0.4,
  'cluster.pue': 1.2,
};
const SOURCE_FIELDS: Record<string, string[]> = {
  IMAGE: ['count', 'steps', 'batchSize', 'width', 'height'],
  VIDEO: ['count', 'steps', 'batchSize', 'width', 'height', 'durationSeconds', 'fps', 'frames'],
  TEXT: ['count', 'steps', 'batchSize'],
};

/** Whether a source gives `field` (count or steps × batchSize; durationSeconds and fps, or frames). */
function sourceHas(s: DataSourceInput, field: string): boolean {
  if (!SOURCE_FIELDS[s.kind].includes(field)) return false;
  if (field === 'count' || field === 'steps' || field === 'batchSize') return (field === 'count') === (s.steps === undefined && s.batchSize === undefined);
  if (field === 'frames' || field === 'durationSeconds' || field === 'fps') return (field === 'frames') === (s.frames !== undefined);
  return true;
}

interface SweepResult {
  points: number;
  axes: { path: string; values: number[] }[];
  series: Record<MetricKey, (number | null)[]>;
}

/**
 * The inputs this scenario can sweep: SWEEPABLE_PATHS with data[i] spelled out per source (with
 * stages, stages[k].data[i]), the fields each source gives; model.parameters, layers and hiddenSize
 * only without an architecture (which sets the model itself), model.architecture.* not at all (see
 * below); model.encoders[j] spelled out per encoder, the fields each gives.
 */
export function sweepablePaths(input: ScenarioInput): string[] {
  const sources: { prefix: string; source: DataSourceInput }[] = input.stages
    ? input.stages.flatMap((st, k) => st.data.map((source, i) => ({ prefix: `stages[${k}].data[${i}]`, source })))
    : (input.data ?? []).map((source, i) => ({ prefix: `data[${i}]`, source }));
  return SWEEPABLE_PATHS.flatMap((p) => {
    if (p.startsWith('model.encoders[j].')) {
      const field = p.slice('model.encoders[j].'.length) as 'parameters' | 'tokensPerSample' | 'forwardFlopsPerSample';
      return (input.model.encoders ?? []).flatMap((e, j) => (typeof e[field] === 'number' ? [`model.encoders[${j}].${field}`] : []));
    }
    // Whole numbers that must divide one another (heads into hiddenSize): a from–to range of this panel would be refused at almost every point.
    if (p.startsWith('model.architecture.')) return [];
    if (p.startsWith('model.') && input.model.architecture) return [];
    if (!p.startsWith('data[i].')) return [p];
    const field = p.slice('data[i].'.length);
    return sources.flatMap(({ prefix, source }) => (sourceHas(source, field) ? [`${prefix}.${field}`] : []));
  });
}

function currentValue(input: ScenarioInput, path: string): number | undefined {
  const v = getIn(input, path);
  return typeof v === 'number' ? v : DEFAULTS[path];
}

/** A sensible first range around the current value. */
export function defaultRange(input: ScenarioInput, path: string): { from: number; to: number; scale: 'LOG' | 'LINEAR' } {
  if (path === 'cluster.utilization') return { from: 0.1, to: 1, scale: 'LINEAR' };
  if (path === 'cluster.pue') return { from: 1, to: 2, scale: 'LINEAR' };
  const v = currentValue(input, path) ?? 1;
  const from = v / 10;
  return { from: Number.isInteger(v) && from < 1 ? 1 : Number(from.toPrecision(3)), to: Number((v * 10).toPrecision(3)), scale: 'LOG' };
}

export function SweepPanel({ input, route, setParams }: { input: ScenarioInput; route: Route; setParams(p: Record<string, string | undefined>): void }) {
  const paths = useMemo(() => sweepablePaths(input), [input]);
  const path = route.params.sweep ?? '';
  const metric = (SWEEP_METRICS.includes(route.params.metric as MetricKey) ? route.params.metric : 'wallClockDays') as MetricKey;
  const scale = route.params.scale === 'LINEAR' ? 'LINEAR' : 'LOG';
  const kind = numberKind(path);
  const read = (key: 'from' | 'to') => readField(route.params[key] ?? '', kind);
  const fromRead = read('from');
  const toRead = read('to');
  const from = 'value' in fromRead ? fromRead.value : Number.NaN;
  const to = 'value' in toRead ? toRead.value : Number.NaN;
  const askedSteps = readField(route.params.steps ?? '', 'integer');
  const asked = 'value' in askedSteps ? askedSteps.value : null;
  const steps = Math.min(MAX_POINTS, Math.max(2, asked ?? 25));
  const [result, setResult] = useState<SweepResult | null>(null);
  const narrow = useNarrow(560);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!path || !Number.isFinite(from) || !Number.isFinite(to)) {
      setResult(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      gql<{ sweep: SweepResult }>(Q_SWEEP, { input, axes: [{ path, from, to, steps, scale }] })
        .then((d) => {
          if (!live) return;
          setResult(d.sweep);
          setError(null);
        })
        .catch((e) => live && setError(e instanceof ApiError && e.issues.length ? new Error(e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')) : e));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [input, path, from, to, steps, scale]);

  const choose = (p: string) => {
    if (!p) return setParams({ sweep: undefined, from: undefined, to: undefined, steps: undefined, scale: undefined, metric: undefined });
    const r = defaultRange(input, p);
    setParams({ sweep: p, from: String(r.from), to: String(r.to), scale: r.scale, steps: String(steps), metric });
  };

  const config = useMemo((): ChartConfiguration | null => {
    if (!result) return null;
    const xs = result.axes[0].values;
    const ys = result.series[metric];
    const m = METRICS[metric];
    const positive = ys.filter((y): y is number => y !== null && y > 0);
    const yLog = positive.length === ys.length && positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 30;
    const cur = currentValue(input, path);
    const curIndex = cur === undefined ? -1 : xs.reduce((best, x, i) => (Math.abs(x - cur) < Math.abs(xs[best] - cur) ? i : best), 0);
    return {
      type: 'line',
      data: {
        datasets: [
          {
            label: m.label,
            data: xs.map((x, i) => ({ x, y: ys[i] as number })),
            borderColor: PALETTE[0],
            backgroundColor: PALETTE[0],
            pointRadius: 2,
            borderWidth: 2,
          },
          ...(cur !== undefined && cur >= Math.min(from, to) && cur <= Math.max(from, to) && curIndex >= 0 && ys[curIndex] !== null
            ? [{ type: 'scatter' as const, label: 'this scenario', data: [{ x: cur, y: ys[curIndex] as number }], backgroundColor: '#c92a2a', pointRadius: 6 }]
            : []),
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: {
            type: scale === 'LOG' ? 'logarithmic' : 'linear',
            title: { display: true, text: `${path}${scale === 'LOG' ? ' (log scale)' : ''}` },
            ticks:
              scale === 'LOG'
                ? // On a phone, 1-2-5 ticks only within a decade or two: powers of ten beyond.
                  { callback: logAxisTicks(Math.min(...xs), Math.max(...xs), (v) => formatCompact(v), narrow ? 30 : 1e3), autoSkip: false, maxRotation: 0 }
                : { callback: (v) => formatCompact(Number(v)), maxTicksLimit: narrow ? 5 : 11, maxRotation: 0 },
          },
          y: {
            type: yLog ? 'logarithmic' : 'linear',
            title: { display: true, text: `${m.label}${yLog ? ' (log scale)' : ''}` },
            ticks: yLog
              ? { callback: logAxisTicks(Math.min(...positive), Math.max(...positive), m.format), autoSkip: false }
              : { callback: (v) => m.format(Number(v)) },
          },
        },
        plugins: {
          legend: { display: true, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${path} = ${formatNumber(item.parsed.x ?? 0)}: ${m.format(item.parsed.y ?? 0)} (${(item.parsed.y ?? 0).toLocaleString('en-US')} ${m.unit})`,
            },
          },
        },
      },
    };
  }, [result, metric, scale, input, path, narrow]);

  // Each box's problem or note: what it takes, and a cap applied.
  const notes: Record<'from' | 'to' | 'steps', { problem: boolean; text: string } | null> = {
    from:
      'problem' in fromRead
        ? { problem: true, text: fromRead.problem }
        : kind === 'fraction' || kind === 'usd'
          ? { problem: false, text: ACCEPTS[kind] }
          : null,
    to: 'problem' in toRead ? { problem: true, text: toRead.problem } : null,
    steps:
      'problem' in askedSteps && route.params.steps
        ? { problem: true, text: askedSteps.problem }
        : asked !== null && asked > MAX_POINTS
          ? { problem: false, text: `capped at ${MAX_POINTS}: ${formatNumber(asked)} asked for` }
          : asked !== null && asked < 2
            ? { problem: false, text: 'at least 2' }
            : { problem: false, text: `2 to ${MAX_POINTS}` },
  };
  const num = (key: 'from' | 'to' | 'steps', label: string) => {
    const note = notes[key];
    return (
      <label class={`field small ${note?.problem ? 'invalid' : ''}`}>
        <span class="label">{label}</span>
        <input
          type="text"
          inputMode="decimal"
          value={route.params[key] ?? ''}
          aria-invalid={note?.problem ? true : undefined}
          aria-describedby={note ? `sweep-${key}-note` : undefined}
          onChange={(e) => setParams({ [key]: (e.target as HTMLInputElement).value })}
          data-testid={`sweep-${key}`}
        />
        {note && (
          <span class={note.problem ? 'problem' : 'hint'} id={`sweep-${key}-note`} data-testid={`sweep-${key}-note`}>
            {note.text}
          </span>
        )}
      </label>
    );
  };

  return (
    <section class="sweep" data-testid="sweep">
      <h2>Sweep</h2>
      <div class="toolbar">
        <label class="field">
          <span class="label">Vary</span>
          <select value={path} onChange={(e) => choose((e.target as HTMLSelectElement).value)} data-testid="sweep-path">
            <option value="">choose an input…</option>
            {paths.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {path && (
          <>
            {num('from', 'From')}
            {num('to', 'To')}
            {num('steps', 'Points')}
            <label class="field small">
              <span class="label">Spacing</span>
              <select value={scale} onChange={(e) => setParams({ scale: (e.target as HTMLSelectElement).value })}>
                <option value="LOG">log</option>
                <option value="LINEAR">linear</option>
              </select>
            </label>
            <div class="segmented" role="group" aria-label="Output">
              {SWEEP_METRICS.map((k) => (
                <button key={k} type="button" class={k === metric ? 'on' : ''} aria-pressed={k === metric} onClick={() => setParams({ metric: k })}>
                  {METRICS[k].label}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
      {asked !== null && asked > MAX_POINTS && (
        <p class="notice" role="status" data-testid="sweep-capped">
          {formatNumber(asked)} points asked for; a sweep here draws at most {MAX_POINTS}, so this one has {MAX_POINTS}.
        </p>
      )}
      <ErrorBox error={error} />
      {!path && <p class="muted">Pick an input to see how wall-clock days, cost or FLOPs move along it.</p>}
      {config && <ChartView config={config} label={`${METRICS[metric].label} as ${path} varies`} height={320} testId="sweep-chart" />}
    </section>
  );
}
