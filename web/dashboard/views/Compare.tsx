/** 2–4 scenarios side by side: inputs (differences highlighted) and outputs as bars. */
import type { ChartConfiguration } from 'chart.js';
import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { compareQuery, type Estimate, gql, type ScenarioInput, toInput, warningsOnly } from '../api';
import { ChartView, logAxisTicks, PALETTE } from '../charts';
import { MAX_COMPARE } from '../context';
import { formatNumber, METRICS, type MetricKey } from '../format';
import { flatten } from '../input';
import { href, type Route } from '../route';
import { ErrorBox, Num, TableScroll, useTitle } from '../ui';

interface Compared {
  id: string;
  name: string;
  version: number;
  library: { id: string; name: string };
  input: ScenarioInput;
  estimate: Estimate & { energyMWh: number | null; attentionShare: number };
}

const OUTPUTS: MetricKey[] = ['flops', 'wallClockDays', 'costUsd', 'gpuDays', 'ratioVsGPT3', 'tokens'];

function OutputBars({ items, metric }: { items: Compared[]; metric: MetricKey }) {
  const m = METRICS[metric];
  const config = useMemo((): ChartConfiguration => {
    const values = items.map((s) => s.estimate[metric as keyof Compared['estimate']] as number | null);
    const positive = values.filter((v): v is number => v !== null && v > 0);
    const log = positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 50;
    return {
      type: 'bar',
      data: {
        labels: items.map((s) => (s.name.length > 22 ? `${s.name.slice(0, 20)}…` : s.name)),
        datasets: [{ label: m.label, data: values.map((v) => v ?? 0), backgroundColor: items.map((_, i) => PALETTE[i]), borderRadius: 3 }],
      },
      options: {
        scales: {
          y: log
            ? { type: 'logarithmic', ticks: { callback: logAxisTicks(Math.min(...positive), Math.max(...positive), m.format, 10), autoSkip: false } }
            : { type: 'linear', ticks: { callback: (v) => m.format(Number(v)), maxTicksLimit: 6 } },
          x: { ticks: { display: false } },
        },
        plugins: {
          legend: { display: false },
          title: { display: false },
          tooltip: {
            callbacks: {
              title: (it) => items[it[0].dataIndex].name,
              label: (it) =>
                values[it.dataIndex] === null
                  ? 'not known'
                  : `${m.format(values[it.dataIndex] as number)} (${(values[it.dataIndex] as number).toLocaleString('en-US')} ${m.unit})`,
            },
          },
        },
      },
    };
  }, [items, metric]);
  return (
    <figure class="mini">
      <figcaption>
        {m.label}
        {metric === 'flops' || metric === 'tokens' ? '' : ''}
      </figcaption>
      <ChartView config={config} label={`${m.label} of each scenario`} height={180} testId={`compare-${metric}`} />
    </figure>
  );
}

export function CompareView({ route }: { route: Route }) {
  const asked = (route.params.ids ?? '').split(',').filter(Boolean);
  const ids = asked.slice(0, MAX_COMPARE);
  const [items, setItems] = useState<Compared[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (ids.length < 2) {
      setError(new Error(`Pick 2 to ${MAX_COMPARE} scenarios to compare (tick them in a library table).`));
      return;
    }
    const vars = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    gql<Record<string, Compared | null>>(compareQuery(ids.length), vars)
      .then((d) => {
        const found = ids.map((_, i) => d[`s${i}`]).filter((x): x is Compared => !!x);
        setItems(found.map((s) => ({ ...s, input: toInput(s.input) })));
        setError(found.length < ids.length ? new Error(`${ids.length - found.length} of the scenarios could not be read.`) : null);
      })
      .catch(setError);
  }, [route.params.ids]);

  const rows = useMemo(() => {
    if (!items) return [];
    const flat = items.map((s) => {
      const { name: _n, description: _d, tags: _t, ...rest } = s.input;
      return flatten(rest);
    });
    const order = ['model', 'data', 'tokenizer', 'training', 'cluster', 'ranges'];
    const rank = (p: string) => {
      const i = order.indexOf(p.split(/[.[]/)[0]);
      return i < 0 ? order.length : i;
    };
    const seen = [...new Set(flat.flatMap((f) => [...f.keys()]))];
    // Sections in the form's order; within one, the order the scenarios list them in.
    const paths = seen
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
      .map((x) => x.p);
    return paths.map((p) => {
      const values = flat.map((f) => f.get(p));
      return { path: p, values, differs: new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1 };
    });
  }, [items]);

  const lib = route.params.lib;
  useTitle(items ? `Compare ${items.map((s) => s.name).join(', ')}` : 'Compare');
  return (
    <section class="compare">
      <div class="crumbs">{lib && <a href={href('library', lib)}>back to the library</a>}</div>
      <h1>Compare</h1>
      <ErrorBox error={error} />
      {asked.length > MAX_COMPARE && (
        <p class="notice" role="status" data-testid="compare-capped">
          Showing the first {MAX_COMPARE} of the {asked.length} scenarios asked for: Compare takes at most {MAX_COMPARE}.
        </p>
      )}
      {items && (
        <>
          <div class="minis">
            {OUTPUTS.map((k) => (
              <OutputBars key={k} items={items} metric={k} />
            ))}
          </div>
          <TableScroll label="The scenarios compared">
            <table class="compare-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th />
                  {items.map((s, i) => (
                    <th key={s.id}>
                      <span class="swatch" style={{ background: PALETTE[i] }} />
                      <a href={href('scenario', s.id)}>{s.name}</a> <span class="version">v{s.version}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr class="section">
                  <th colSpan={items.length + 1}>Outputs</th>
                </tr>
                {OUTPUTS.map((k) => (
                  <tr key={k}>
                    <th>{METRICS[k].label}</th>
                    {items.map((s) => (
                      <td key={s.id} class="numeric">
                        <Num value={s.estimate[k as keyof Compared['estimate']] as number | null} metric={METRICS[k]} />
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th>Warnings</th>
                  {items.map((s) => (
                    <td key={s.id}>
                      {warningsOnly(s.estimate.warnings).map((w) => (
                        <span key={w.code} class="badge" title={w.message}>
                          {w.code}
                        </span>
                      ))}
                    </td>
                  ))}
                </tr>
                <tr class="section">
                  <th colSpan={items.length + 1}>Inputs {rows.some((r) => r.differs) ? '(differences highlighted)' : '(all equal)'}</th>
                </tr>
                {rows.map((r) => (
                  <tr key={r.path} class={r.differs ? 'differs' : ''} data-differs={r.differs ? 'true' : undefined}>
                    <th>
                      <code>
                        {/* A phone may break the path after its dots, not inside a name. */}
                        {r.path.split(/(?<=\.)/).map((part, i) => (
                          <Fragment key={i}>
                            {i > 0 && <wbr />}
                            {part}
                          </Fragment>
                        ))}
                      </code>
                    </th>
                    {r.values.map((v, i) => (
                      <td key={i} class={typeof v === 'number' ? 'numeric' : ''}>
                        {v === undefined ? <span class="muted">default</span> : typeof v === 'number' ? <Num value={v} format={formatNumber} /> : String(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
