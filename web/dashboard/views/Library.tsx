/**
 * A library: picker, a table of its scenarios that the server searches, filters, orders and pages
 * (so "largest FLOPs first" is the library's true top whatever its size), and the FLOPs of the rows
 * shown against the reference runs.
 */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  gql,
  LIBRARY_PAGE_SIZE,
  type LibraryPage,
  type LibraryQuery,
  loadLibrary,
  M_CREATE_LIBRARY,
  type ScenarioOrderField,
  type ScenarioRow,
  warningsOnly,
} from '../api';
import { barLabelsPlugin, ChartView, decadeStep, PALETTE, powerOfTenTicks, refLabelRows, refLinesPlugin, shorten, useNarrow } from '../charts';
import { CHART_REFERENCES, MAX_COMPARE, useShared } from '../context';
import { formatRatio, formatSci, METRICS, type MetricKey } from '../format';
import { mayWrite, useMe } from '../lifecycle';
import { href, navigate, parseHash, type Route } from '../route';
import { ErrorBox, Num, TableScroll, useTitle } from '../ui';
import { NewScenario } from './NewScenario';
import { TrashPanel } from './Trash';
import { LibraryPanel } from './LibraryPanel';

const COLUMNS: MetricKey[] = ['tokens', 'flops', 'pfDays', 'gpuDays', 'wallClockDays', 'costUsd', 'ratioVsGPT3'];

/**
 * The columns the server orders by (ScenarioOrderField, over each scenario's stored summary):
 * PF-days are FLOPs over a constant, so they share FLOPS's order. Tokens and warnings are not
 * summarised, so their headers do not sort.
 */
const ORDER: Partial<Record<MetricKey | 'name', ScenarioOrderField>> = {
  name: 'NAME',
  flops: 'FLOPS',
  pfDays: 'FLOPS',
  gpuDays: 'GPU_DAYS',
  wallClockDays: 'WALL_CLOCK_DAYS',
  costUsd: 'COST_USD',
  ratioVsGPT3: 'RATIO_VS_GPT3',
};
type SortKey = keyof typeof ORDER;
const isSortKey = (k: string | undefined): k is SortKey => k !== undefined && k in ORDER;

const NO_CURSORS: string[] = [];

/** The search box waits this long after the last keystroke before it asks the server. */
const SEARCH_DELAY_MS = 300;

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
  const { libraries, apiKey, reloadLibraries, hardware } = useShared();
  const id = route.id ?? 'examples';
  const [page, setPage] = useState<LibraryPage | null>(null);
  /** Where the page shown starts (0 for the first): set with its rows, so the range never runs ahead of them while the next loads. */
  const [pageFirst, setPageFirst] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [reloads, setReloads] = useState(0);
  const me = useMe();
  /** Bumped when the library panel changed the library (a rename, an import): read it again. */
  const [changes, setChanges] = useState(0);
  const sort: SortKey = isSortKey(route.params.sort) ? route.params.sort : 'flops';
  const dir = route.params.dir === 'asc' ? 'asc' : 'desc';
  const text = route.params.q ?? '';
  const hardwareKey = route.params.hw ?? '';
  /**
   * The end cursors of the pages before this one (the first page has none): Next pushes one,
   * Previous pops one. They belong to one library, order and filter: another starts again at the
   * first page (a cursor of one order is refused in another).
   */
  const view = JSON.stringify([id, sort, dir, text, hardwareKey]);
  const [pages, setPages] = useState<{ view: string; cursors: string[] }>({ view, cursors: [] });
  const cursors = pages.view === view ? pages.cursors : NO_CURSORS;
  const setCursors = (next: (c: string[]) => string[]) => setPages({ view, cursors: next(cursors) });
  useEffect(() => {
    if (pages.view !== view) setPages({ view, cursors: NO_CURSORS });
  }, [view]);
  const after = cursors[cursors.length - 1] ?? null;
  const query: LibraryQuery = useMemo(
    () => ({
      orderBy: { field: ORDER[sort] as ScenarioOrderField, direction: dir === 'asc' ? 'ASC' : 'DESC' },
      filter: { text: text.trim() || undefined, hardware: hardwareKey || undefined },
      after,
    }),
    [sort, dir, text, hardwareKey, after],
  );

  useEffect(() => {
    let live = true;
    setLoading(true);
    const offset = cursors.length * LIBRARY_PAGE_SIZE;
    loadLibrary(id, query)
      .then((library) => {
        if (!live) return;
        setPage(library);
        setPageFirst(offset);
        setError(library ? null : new Error(`There is no library "${id}" you may read${apiKey ? '' : ' (private libraries need an API key)'}.`));
      })
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id, apiKey, reloads, changes, query]);
  // The ticks belong to a library, not to a page of it: paging or searching keeps them.
  useEffect(() => setSelected([]), [id]);

  // A row whose stored input can no longer be estimated comes back with a null estimate: listed apart.
  const nodes = page?.scenarios.edges.map((e) => e.node) ?? [];
  const unestimable = nodes.filter((n) => !n.estimate);
  const rows = useMemo(() => nodes.filter((n): n is ScenarioRow => n.estimate !== null), [page]);
  // From the URL as it is when called (the search box's delayed update must not restore what changed meanwhile).
  const setParams = (params: Record<string, string | undefined>) =>
    navigate(
      {
        view: 'library',
        id,
        params: Object.fromEntries(Object.entries({ ...parseHash(location.hash).params, ...params }).filter((e): e is [string, string] => !!e[1])),
      },
      true,
    );
  /** What the search box shows: typed at once, asked of the server once typing pauses. */
  const [typed, setTyped] = useState(text);
  useEffect(() => setTyped(text), [text]);
  useEffect(() => {
    if (typed === text) return;
    const t = setTimeout(() => setParams({ q: typed || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [typed]);
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
  const header = (key: MetricKey | 'name' | 'warnings', label: string, title?: string) =>
    isSortKey(key) ? (
      <th class={`sortable ${key === 'name' ? '' : 'numeric'}`} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} title={title}>
        <button type="button" onClick={() => setSort(key)} data-testid={`sort-${key}`}>
          {label}
          <span class="arrow">{sort === key ? (dir === 'asc' ? '▲' : '▼') : ''}</span>
        </button>
      </th>
    ) : (
      <th class={key === 'warnings' ? '' : 'numeric'} title={title ?? `Not sortable: the server orders by the stored summary's figures`}>
        {label}
      </th>
    );
  const count = page?.scenarios.totalCount ?? 0;
  const first = pageFirst;
  const filtered = !!(text.trim() || hardwareKey);
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
      <div class="toolbar filters" role="search">
        <label>
          Search{' '}
          <input
            type="search"
            value={typed}
            placeholder="name, description or tag"
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            data-testid="library-search"
          />
        </label>
        <label>
          Accelerator{' '}
          <select value={hardwareKey} onChange={(e) => setParams({ hw: (e.target as HTMLSelectElement).value || undefined })} data-testid="library-hardware">
            <option value="">any</option>
            {hardware.map((h) => (
              <option key={h.key} value={h.key}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        {loading && page && (
          <span class="muted" role="status">
            Loading…
          </span>
        )}
      </div>
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
                      {filtered ? (
                        'No scenario matches the search.'
                      ) : (
                        <>
                          No scenarios yet.{' '}
                          {mayWrite(page, me)
                            ? 'Start one with “New scenario” (from scratch or a preset).'
                            : 'Open one from the examples library and fork it into a library you can edit.'}
                        </>
                      )}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </TableScroll>
          <nav class="pager" aria-label="Pages of the table">
            <span data-testid="page-range" role="status">
              {count === 0
                ? ''
                : `${(first + 1).toLocaleString('en-US')}–${(first + nodes.length).toLocaleString('en-US')} of ${page.scenarios.totalCountIsExact ? '' : 'at least '}${count.toLocaleString('en-US')}${filtered ? ' matching' : ''} scenarios`}
            </span>
            <button
              type="button"
              class="secondary"
              disabled={cursors.length === 0 || loading}
              onClick={() => setCursors((c) => c.slice(0, -1))}
              data-testid="page-previous"
            >
              Previous
            </button>
            <button
              type="button"
              class="secondary"
              disabled={!page.scenarios.pageInfo.hasNextPage || loading}
              onClick={() => {
                const end = page.scenarios.pageInfo.endCursor;
                if (end) setCursors((c) => [...c, end]);
              }}
              data-testid="page-next"
            >
              Next
            </button>
          </nav>
          {unestimable.length > 0 && (
            <p class="warning" role="status">
              {unestimable.length} scenario{unestimable.length > 1 ? 's' : ''} could not be estimated (an input that no longer validates, or the request's
              compute budget): {unestimable.map((n) => n.name).join(', ')}. Open one to see why and fix it.
            </p>
          )}
          {mayWrite(page, me) && <TrashPanel libraryId={page.id} deletedName={route.params.deleted} onRestored={() => setReloads((n) => n + 1)} />}
          <h2>Training compute against published runs</h2>
          {rows.length > 0 && <p class="muted">The {rows.length} scenarios of the table above, in its order.</p>}
          <FlopsChart rows={rows} />
          <LibraryPanel libraryId={page.id} onChanged={() => setChanges((n) => n + 1)} />
        </>
      )}
    </section>
  );
}
