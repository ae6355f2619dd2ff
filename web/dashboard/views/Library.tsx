/** A library: picker, sortable table of its scenarios, and their FLOPs against the reference runs. */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { gql, type LibraryPage, loadLibrary, M_CREATE_LIBRARY, type ScenarioRow, warningsOnly } from '../api';
import { barLabelsPlugin, ChartView, decadeStep, PALETTE, powerOfTenTicks, refLabelRows, refLinesPlugin, shorten, useNarrow } from '../charts';
import { CHART_REFERENCES, MAX_COMPARE, useShared } from '../context';
import { formatRatio, formatSci, METRICS, type MetricKey } from '../format';
import { mayWrite, useMe } from '../lifecycle';
import { href, navigate, type Route } from '../route';
import { ErrorBox, Num, TableScroll, useTitle } from '../ui';
import { NewScenario } from './NewScenario';
import { TrashPanel } from './Trash';
import { LibraryPanel } from './LibraryPanel';

const COLUMNS: MetricKey[] = ['tokens', 'flops', 'pfDays', 'gpuDays', 'wallClockDays', 'costUsd', 'ratioVsGPT3'];
type SortKey = MetricKey | 'name' | 'warnings';

function sortRows(rows: ScenarioRow[], key: SortKey, dir: 'asc' | 'desc'): ScenarioRow[] {
  const value = (r: ScenarioRow): number | string | null =>
    key === 'name'
      ? r.name.toLowerCase()
      : key === 'warnings'
        ? warningsOnly(r.estimate.warnings).length
        : (r.estimate[key as keyof typeof r.estimate] as number | null);
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return 0;
    if (x === null) return 1; // unknown values last either way
    if (y === null) return -1;
    return x < y ? -sign : x > y ? sign : 0;
  });
}

function FlopsChart({ rows }: { rows: ScenarioRow[] }) {
  const { references } = useShared();
  // On a phone: shorter names, the FLOPs alone at the bars, the runs' names alone, in more rows, every other decade.
  const narrow = useNarrow(560);
  // Rows of reference labels above the plot: on a phone the runs sit closer together.
  const labelRows = narrow ? 4 : 2;
  const config = useMemo((): ChartConfiguration => {
    const refs = references.filter((r) => CHART_REFERENCES.includes(r.key));
    const values = [...rows.map((r) => r.estimate.flops), ...refs.map((r) => r.flops)].filter((x) => x > 0);
    const lo = Math.floor(Math.log10(Math.min(...values)));
    const hi = Math.ceil(Math.log10(Math.max(...values)) + 0.2);
    return {
      type: 'bar',
      data: {
        labels: rows.map((r) => shorten(r.name, narrow ? 18 : 44)),
        datasets: [{ label: 'Training FLOPs', data: rows.map((r) => r.estimate.flops), backgroundColor: PALETTE[0], borderRadius: 3, barPercentage: 0.7 }],
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { top: refLabelRows(labelRows), right: 12 } },
        scales: {
          x: {
            type: 'logarithmic',
            min: 10 ** lo,
            max: 10 ** hi,
            title: { display: true, text: 'training FLOPs (log scale)' },
            ticks: { callback: powerOfTenTicks((v) => formatSci(v), decadeStep(10 ** lo, 10 ** hi, narrow)), autoSkip: false, maxRotation: 0 },
          },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => rows[items[0].dataIndex].name,
              label: (item) => {
                const e = rows[item.dataIndex].estimate;
                return `${formatSci(e.flops)} FLOPs (${e.flops.toLocaleString('en-US')}) · ${formatRatio(e.ratioVsGPT3)} GPT-3`;
              },
            },
          },
          refLines: {
            lines: refs.map((r) => {
              const name = r.name.replace(/ \(estimate\)$/, ' est.');
              // Where the labels would not fit, the run alone ("GPT-3", "Chinchilla", "Llama 3.1").
              return { value: r.flops, label: `${name} ${formatSci(r.flops, 2)}`, short: shorten(name.replace(/ \d+(\.\d+)?[BMT]\b/g, ''), 12) };
            }),
            rows: labelRows,
          },
          barLabels: {
            labels: rows.map((r) => (narrow ? formatSci(r.estimate.flops) : `${formatSci(r.estimate.flops)} · ${formatRatio(r.estimate.ratioVsGPT3)} GPT-3`)),
          },
        },
      },
      plugins: [refLinesPlugin, barLabelsPlugin],
    };
  }, [rows, references, narrow]);
  if (!rows.length) return null;
  return (
    <ChartView
      config={config}
      label="Training FLOPs of each scenario on a log scale, with reference runs as dashed lines"
      height={36 + refLabelRows(labelRows) + 30 * rows.length}
      testId="flops-chart"
    />
  );
}

function NewLibrary({ onCreated }: { onCreated(id: string): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const d = await gql<{ createLibrary: { id: string } }>(M_CREATE_LIBRARY, { input: { name: name.trim(), visibility: 'PRIVATE' } });
      setName('');
      onCreated(d.createLibrary.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="inline" onSubmit={submit}>
      <input placeholder="New library name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} aria-label="New library name" />
      <button type="submit" disabled={!name.trim()}>
        Create library
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

export function LibraryView({ route }: { route: Route }) {
  const { libraries, apiKey, reloadLibraries } = useShared();
  const id = route.id ?? 'examples';
  const [page, setPage] = useState<LibraryPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [reloads, setReloads] = useState(0);
  const me = useMe();
  /** Bumped when the library panel changed the library (a rename, an import): read it again. */
  const [changes, setChanges] = useState(0);
  const sort = (route.params.sort as SortKey) || 'flops';
  const dir = route.params.dir === 'asc' ? 'asc' : 'desc';

  useEffect(() => {
    let live = true;
    setLoading(true);
    setSelected([]);
    loadLibrary(id)
      .then((library) => {
        if (!live) return;
        setPage(library);
        setError(library ? null : new Error(`There is no library "${id}" you may read${apiKey ? '' : ' (private libraries need an API key)'}.`));
      })
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id, apiKey, reloads, changes]);

  // A row whose stored input can no longer be estimated comes back with a null estimate: listed apart.
  const nodes = page?.scenarios.edges.map((e) => e.node) ?? [];
  const unestimable = nodes.filter((n) => !n.estimate);
  const rows = useMemo(
    () =>
      sortRows(
        nodes.filter((n): n is ScenarioRow => n.estimate !== null),
        sort,
        dir,
      ),
    [page, sort, dir],
  );
  const setSort = (key: SortKey) =>
    navigate({
      view: 'library',
      id,
      params: { ...route.params, sort: key, dir: key === sort ? (dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc' },
    });
  const toggle = (sid: string) => setSelected((s) => (s.includes(sid) ? s.filter((x) => x !== sid) : s.length < MAX_COMPARE ? [...s, sid] : s));
  const full = selected.length >= MAX_COMPARE;
  // Named as soon as the URL changes, not after the old library's page is replaced.
  useTitle(libraries.find((l) => l.id === id || l.key === id)?.name ?? (page?.id === id ? page.name : id), 'library');
  const header = (key: SortKey, label: string, title?: string) => (
    <th class={`sortable ${key === 'name' ? '' : 'numeric'}`} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} title={title}>
      <button type="button" onClick={() => setSort(key)} data-testid={`sort-${key}`}>
        {label}
        <span class="arrow">{sort === key ? (dir === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </th>
  );
  const known = libraries.some((l) => l.id === page?.id || l.key === id);

  return (
    <section class="library">
      <div class="toolbar">
        <label>
          Library{' '}
          <select
            value={page?.id ?? id}
            onChange={(e) => navigate({ view: 'library', id: (e.target as HTMLSelectElement).value, params: {} })}
            data-testid="library-picker"
          >
            {!known && <option value={page?.id ?? id}>{page?.name ?? id}</option>}
            {libraries.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
                {l.readOnly ? ' (built-in, read-only)' : l.visibility === 'PRIVATE' ? ' (private)' : ''}
              </option>
            ))}
          </select>
        </label>
        {apiKey && (
          <NewLibrary
            onCreated={(newId) => {
              void reloadLibraries();
              navigate({ view: 'library', id: newId, params: {} });
            }}
          />
        )}
        {page && mayWrite(page, me) && <NewScenario libraryId={page.id} />}
        <span class="spacer" />
        <a
          class={`button ${selected.length >= 2 ? '' : 'disabled'}`}
          href={selected.length >= 2 ? href('compare', null, { ids: selected.join(','), lib: page?.id ?? id }) : undefined}
          aria-disabled={selected.length < 2}
          data-testid="compare-link"
          title={`Tick 2 to ${MAX_COMPARE} scenarios to compare them side by side`}
        >
          Compare {selected.length ? `(${selected.length})` : ''}
        </a>
        <span class="hint compare-note" role="status" data-testid="compare-note">
          {full ? `Compare takes at most ${MAX_COMPARE}: untick one to pick another.` : selected.length === 1 ? 'Tick one more to compare.' : ''}
        </span>
      </div>
      <ErrorBox error={error} />
      {page?.description && <p class="muted">{page.description}</p>}
      {loading && !page && <p class="muted">Loading…</p>}
      {page && (
        <>
          <TableScroll label="Scenarios of the library">
            <table class="scenarios" data-testid="scenario-table">
              <thead>
                <tr>
                  <th class="check" title="Compare">
                    ⇆
                  </th>
                  {header('name', 'Scenario')}
                  {COLUMNS.map((k) => header(k, METRICS[k].label, k === 'wallClockDays' ? "Wall-clock days on the scenario's cluster" : undefined))}
                  {header('warnings', 'Warnings')}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-scenario-id={r.id}>
                    <td class="check">
                      <input
                        type="checkbox"
                        checked={selected.includes(r.id)}
                        disabled={full && !selected.includes(r.id)}
                        onChange={() => toggle(r.id)}
                        aria-label={`Compare ${r.name}`}
                      />
                    </td>
                    <td class="name">
                      <a href={href('scenario', r.id)}>{r.name}</a>
                      <span class="version">v{r.version}</span>
                    </td>
                    {COLUMNS.map((k) => (
                      <td key={k} class="numeric">
                        <Num value={r.estimate[k as keyof typeof r.estimate] as number | null} metric={METRICS[k]} />
                      </td>
                    ))}
                    <td class="warnings">
                      {warningsOnly(r.estimate.warnings).map((w) => (
                        <span key={w.code} class="badge" title={w.message}>
                          {w.code}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
                {!rows.length && (
                  <tr>
                    <td colSpan={COLUMNS.length + 3} class="muted">
                      No scenarios yet.{' '}
                      {mayWrite(page, me)
                        ? 'Start one with “New scenario” (from scratch or a preset).'
                        : 'Open one from the examples library and fork it into a library you can edit.'}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </TableScroll>
          {page.scenarios.pageInfo.hasNextPage && (
            <p class="muted">
              Showing the first {rows.length} of {page.scenarios.totalCount} scenarios.
            </p>
          )}
          {unestimable.length > 0 && (
            <p class="warning" role="status">
              {unestimable.length} scenario{unestimable.length > 1 ? 's' : ''} could not be estimated (an input that no longer validates, or the request's
              compute budget): {unestimable.map((n) => n.name).join(', ')}. Open one to see why and fix it.
            </p>
          )}
          {mayWrite(page, me) && <TrashPanel libraryId={page.id} deletedName={route.params.deleted} onRestored={() => setReloads((n) => n + 1)} />}
          <h2>Training compute against published runs</h2>
          <FlopsChart rows={rows} />
          <LibraryPanel libraryId={page.id} onChanged={() => setChanges((n) => n + 1)} />
        </>
      )}
    </section>
  );
}
