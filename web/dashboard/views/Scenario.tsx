/**
 * Over 300 lines: the scenario view's panels share one edited input and its estimate.
 *
 * A scenario: its inputs as a form that re-estimates on every change (Query.estimate), the
 * outputs (with an architecture, its parameter count and the FLOPs by component: Outputs.tsx),
 * tokens by data source as a chart, the warnings explained, saving (a new version with a note,
 * a conflict laid out field by field, or a fork: SavePanel.tsx), the history (History.tsx), and a
 * sweep. Unsaved edits and the sweep live in the URL. The inputs follow the caller's role: a
 * reader of a team library sees them read-only until they choose to try changes (never saved there).
 */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, type FullEstimate, gql, type Issue, Q_ESTIMATE, Q_SCENARIO, type ScenarioDetail, type ScenarioInput, toInput } from '../api';
import { missingArchitectureFields } from '../architecture';
import { barLabelsPlugin, ChartView, decadeStep, PALETTE, powerOfTenTicks, useNarrow } from '../charts';
import { useShared } from '../context';
import { formatPercent, formatSci, METRICS, type MetricKey } from '../format';
import { applyPatch, editPatch, sameInput } from '../input';
import { mayWrite, useMe } from '../lifecycle';
import { href, navigate, type Route } from '../route';
import { ErrorBox, focusField, Num, useTitle, WARNING_GLOSSARY } from '../ui';
import { EstimateStatus } from './EstimateStatus';
import { LocalProblems, useUnread, withUnread } from './fields';
import { describeSource, ScenarioForm } from './Form';
import { HistoryPanel } from './History';
import { FlopsBreakdownChart, HardwareFlops, ParameterCounts, StagesTable } from './Outputs';
import { type Rebase, SavePanel } from './SavePanel';
import { DetailsSection, ForkedFrom, ScenarioActions } from './ScenarioActions';
import { PlanningPanel } from './Planning';
import { SweepPanel } from './Sweep';

const CARDS: MetricKey[] = ['flops', 'ratioVsGPT3', 'pfDays', 'gpuDays', 'wallClockDays', 'costUsd', 'energyMWh', 'tokens'];

function Results({ estimate, input, stale }: { estimate: FullEstimate; input: ScenarioInput; stale: boolean }) {
  const family = input.model.architecture?.family;
  // flops = denseFlops + attentionFlops + the frozen encoders' forward passes (flopsBreakdown ENCODERS; docs/model.md, "Frozen encoders").
  const encoders = estimate.flopsBreakdown.find((c) => c.component === 'ENCODERS');
  return (
    <div class={`cards ${stale ? 'stale' : ''}`} data-testid="results">
      {CARDS.map((k) => (
        <div class="card" key={k} data-metric={k}>
          <div class="card-label">{k === 'ratioVsGPT3' ? 'vs GPT-3' : METRICS[k].label}</div>
          <div class="card-value">
            <Num value={estimate[k] as number | null} metric={METRICS[k]} />
          </div>
        </div>
      ))}
      <p class="hint wide">
        On {estimate.hardware.name}. {family ? `Counted from the ${family} architecture: matmuls` : '6·N·D'}{' '}
        <Num value={estimate.denseFlops} metric={METRICS.flops} />
        {estimate.attentionFlops > 0 && (
          <>
            {' '}
            + attention <Num value={estimate.attentionFlops} metric={METRICS.flops} /> ({formatPercent(estimate.attentionShare)} of the total)
          </>
        )}
        {encoders && encoders.flops > 0 && (
          <span data-testid="encoders-flops">
            {' '}
            + frozen encoders <Num value={encoders.flops} metric={METRICS.flops} /> ({formatPercent(encoders.share)} of the total, forward only)
          </span>
        )}
        {encoders && encoders.flops === 0 && <span data-testid="encoders-flops"> (the frozen encoders are precomputed: 0)</span>}.
      </p>
      <HardwareFlops estimate={estimate} recomputation={recomputationOf(input)} />
    </div>
  );
}

/** The recomputation in force, in words: the scenario's, or with stages each stage's where they differ ("FULL recomputation in stage 2"). */
function recomputationOf(input: ScenarioInput): string | undefined {
  const own = input.training?.recomputation;
  if (!input.stages) return own && `${own} recomputation`;
  const each = input.stages.map((st) => st.training?.recomputation ?? own ?? 'NONE');
  if (each.every((r) => r === each[0])) return `${each[0]} recomputation`;
  const kinds = [...new Set(each.filter((r) => r !== 'NONE'))];
  return kinds.map((r) => `${r} recomputation in stage ${each.flatMap((x, k) => (x === r ? [k + 1] : [])).join(', ')}`).join(' and ');
}

const KIND_WORDS: Record<FullEstimate['breakdown'][number]['kind'], string> = { IMAGE: 'images', VIDEO: 'clips', TEXT: 'text' };

function BreakdownChart({ estimate, input }: { estimate: FullEstimate; input: ScenarioInput }) {
  const narrow = useNarrow(560);
  const config = useMemo((): ChartConfiguration => {
    const b = estimate.breakdown;
    const tokens = b.map((s) => s.tokens);
    const positive = tokens.filter((t) => t > 0);
    const lo = positive.length ? Math.floor(Math.log10(Math.min(...positive))) : 0;
    const hi = positive.length ? Math.ceil(Math.log10(Math.max(...positive)) + 0.8) : 1;
    // With stages, each source is named by its stage: "2 768 px video" (with data[i] when the stage has several).
    const name = (s: (typeof b)[number]) => {
      const stage = input.stages?.[s.stage];
      if (!stage) return `data[${s.index}]`;
      return `${s.stage + 1} ${stage.name ?? `stage ${s.stage + 1}`}${stage.data.length > 1 ? ` · data[${s.index}]` : ''}`;
    };
    const long = b.map((s) => {
      const source = input.stages ? null : input.data?.[s.index];
      return input.stages ? `${name(s)} · ${KIND_WORDS[s.kind]}` : `${name(s)} ${source ? describeSource(source) : s.kind}`;
    });
    const short = b.map((s) => `${input.stages ? `${s.stage + 1} · data[${s.index}]` : name(s)} ${KIND_WORDS[s.kind]}`);
    return {
      type: 'bar',
      data: {
        labels: long,
        datasets: [{ label: 'tokens', data: tokens, backgroundColor: b.map((_, i) => PALETTE[i % PALETTE.length]), borderRadius: 3, barPercentage: 0.7 }],
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 8 } },
        scales: {
          // On a narrow window (a phone) the source's description would squeeze the bars: its index and kind only.
          y: { ticks: { callback: (_v, i) => (narrow ? short[i] : long[i]) } },
          x: {
            type: 'logarithmic',
            min: 10 ** lo,
            max: 10 ** hi,
            title: { display: true, text: 'training tokens (log scale)' },
            ticks: { callback: powerOfTenTicks((v) => formatSci(v), decadeStep(10 ** lo, 10 ** hi, narrow)), autoSkip: false, maxRotation: 0 },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${b[item.dataIndex].tokens.toLocaleString('en-US')} tokens, ${formatPercent(b[item.dataIndex].share)}; ${formatSci(b[item.dataIndex].tokensPerSequence)} per sequence`,
            },
          },
          barLabels: { labels: b.map((s) => `${formatSci(s.tokens)}${narrow ? '' : ' tokens'} · ${formatPercent(s.share)}`) },
        },
      },
      plugins: [barLabelsPlugin],
    };
  }, [estimate, input, narrow]);
  return <ChartView config={config} label="Training tokens by data source, log scale" height={60 + 36 * estimate.breakdown.length} testId="breakdown-chart" />;
}

function Warnings({ estimate }: { estimate: FullEstimate }) {
  if (!estimate.warnings.length) return <p class="muted">No warnings.</p>;
  return (
    <ul class="warnings-list" data-testid="warnings">
      {estimate.warnings.map((w, i) => (
        <li key={`${w.code}-${i}`}>
          <span class={w.severity === 'INFO' ? 'badge info' : 'badge'}>{w.severity === 'INFO' ? `info · ${w.code}` : w.code}</span>
          {WARNING_GLOSSARY[w.code] && <strong class="gloss">{WARNING_GLOSSARY[w.code]}</strong>}
          <span class="message">{w.message}</span>
          {w.field && (
            <button type="button" class="link" onClick={() => focusField(w.field as string)}>
              go to {w.field}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ScenarioView({ route }: { route: Route }) {
  const id = route.id ?? '';
  const [scenario, setScenario] = useState<ScenarioDetail | null>(null);
  const [saved, setSaved] = useState<ScenarioInput | null>(null);
  const [input, setInput] = useState<ScenarioInput | null>(null);
  const [estimate, setEstimate] = useState<FullEstimate | null>(null);
  const [apiIssues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [estimating, setEstimating] = useState(false);
  // Texts the form's boxes cannot read ("1.5" GPUs) are problems too: the estimate is stale until they are fixed.
  const [unread, reportUnread] = useUnread();
  const issues = withUnread(apiIssues, unread);
  useTitle(scenario?.name ?? 'Scenario', 'scenario');
  const [trying, setTrying] = useState(false);
  const { apiKey } = useShared();
  const me = useMe();
  const routeRef = useRef(route);
  routeRef.current = route;

  // Load the scenario; unsaved edits come from the URL (?edit=) so that a link shares them.
  useEffect(() => {
    let live = true;
    setScenario(null);
    setEstimate(null);
    gql<{ scenario: ScenarioDetail | null }>(Q_SCENARIO, { id })
      .then((d) => {
        if (!live) return;
        if (!d.scenario) return setError(new Error(`There is no scenario "${id}" you may read.`));
        const base = toInput(d.scenario.input);
        let working = base;
        if (routeRef.current.params.edit) {
          try {
            working = applyPatch(base, JSON.parse(routeRef.current.params.edit) as Record<string, unknown>);
          } catch {
            working = base;
          }
        }
        setScenario(d.scenario);
        setSaved(base);
        setInput(working);
        setError(null);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, apiKey]);

  // Re-estimate on every change (debounced; a late answer to an old input is dropped).
  useEffect(() => {
    if (!input) return;
    const missing = missingArchitectureFields(input);
    if (missing.length) {
      setIssues(missing);
      setEstimating(false);
      return;
    }
    let live = true;
    setEstimating(true);
    const t = setTimeout(() => {
      gql<{ estimate: FullEstimate }>(Q_ESTIMATE, { input })
        .then((d) => {
          if (!live) return;
          setEstimate(d.estimate);
          setIssues([]);
        })
        .catch((e) => {
          if (!live) return;
          if (e instanceof ApiError && e.code === 'BAD_USER_INPUT' && e.issues.length) setIssues(e.issues);
          else setError(e);
        })
        .finally(() => live && setEstimating(false));
    }, 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [input]);

  const modified = !!input && !!saved && !sameInput(input, saved);
  const setParams = (p: Record<string, string | undefined>) => {
    const params = { ...routeRef.current.params } as Record<string, string>;
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) delete params[k];
      else params[k] = v;
    }
    navigate({ view: 'scenario', id, params }, true);
  };
  const change = (next: ScenarioInput) => {
    setInput(next);
    const patch = saved ? editPatch(saved, next) : null;
    setParams({ edit: patch ? JSON.stringify(patch) : undefined });
  };
  /** The stored scenario read again in place (after a restore): the page stays, the form shows the new version. */
  const reload = async () => {
    const d = await gql<{ scenario: ScenarioDetail | null }>(Q_SCENARIO, { id });
    if (!d.scenario) return setError(new Error(`There is no scenario "${id}" you may read any more.`));
    const base = toInput(d.scenario.input);
    rebase({ scenario: d.scenario, saved: base, input: base });
  };
  /** A save, a merge or a reload: the page takes the stored scenario, the input edits are measured against, and the form's input. */
  const rebase = (next: Rebase) => {
    setScenario(next.scenario);
    setSaved(next.saved);
    setInput(next.input);
    const patch = editPatch(next.saved, next.input);
    setParams({ edit: patch ? JSON.stringify(patch) : undefined });
  };

  if (error && !scenario) return <ErrorBox error={error} />;
  if (!scenario || !input || !saved) return <p class="muted">Loading…</p>;
  const architecture = input.model.architecture;
  const editable = mayWrite(scenario.library, me);
  // A built-in library's scenarios are there to explore (a fork keeps the changes); a team library's are read-only to its readers until they choose to try changes.
  const locked = me !== undefined && !editable && !scenario.library.readOnly && !trying && !modified;
  return (
    <section class="scenario">
      <div class="crumbs">
        <a href={href('library', scenario.library.id)}>{scenario.library.name}</a> /
      </div>
      <h1>
        {scenario.name} <span class="version">v{scenario.version}</span>
        {modified && (
          <span class="modified" data-testid="modified">
            edited{' '}
            <button type="button" class="link" onClick={() => change(saved as ScenarioInput)}>
              reset
            </button>
          </span>
        )}
      </h1>
      <ForkedFrom scenario={scenario} />
      {scenario.description && <p class="description">{scenario.description}</p>}
      <ScenarioActions scenario={scenario} saved={saved} input={input} modified={modified} editable={editable} />
      <ErrorBox error={error} />
      <div class="columns">
        <div class="left">
          {locked && (
            <p class="read-only-banner" data-testid="read-only">
              Read-only:{' '}
              {me ? `you are ${scenario.library.myRole ? `a ${scenario.library.myRole}` : 'a reader'} of ${scenario.library.name}` : 'saving needs an API key'}.{' '}
              <button type="button" class="link" onClick={() => setTrying(true)} data-testid="try-changes">
                try changes here (not saved)
              </button>
            </p>
          )}
          <fieldset class="plain" disabled={locked} data-testid="inputs">
            <LocalProblems.Provider value={reportUnread}>
              <DetailsSection input={input} issues={issues} onChange={change} />
              <ScenarioForm input={input} issues={issues} onChange={change} derivedParameters={architecture && estimate ? estimate.parameters.total : null} />
            </LocalProblems.Provider>
          </fieldset>
        </div>
        <div class="right">
          <h2>Estimate {estimating && <span class="spinner" role="img" aria-label="estimating" />}</h2>
          <EstimateStatus estimate={estimate} issues={issues} />
          {issues.length > 0 && (
            <div class="error" data-testid="input-problems">
              The input has {issues.length === 1 ? 'a problem' : `${issues.length} problems`}; showing the last valid estimate.
              <ul>
                {issues.map((i) => (
                  <li key={i.path}>
                    <button type="button" class="link" onClick={() => focusField(i.path)}>
                      {i.path}
                    </button>
                    : {i.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {estimate ? (
            <>
              <Results estimate={estimate} input={input} stale={issues.length > 0} />
              {input.stages && (
                <>
                  <h3>By stage</h3>
                  <StagesTable estimate={estimate} stale={issues.length > 0} />
                </>
              )}
              {architecture && (
                <>
                  <h3>Parameters, counted from the architecture</h3>
                  <ParameterCounts estimate={estimate} stale={issues.length > 0} />
                </>
              )}
              {(architecture || estimate.flopsBreakdown.filter((c) => c.flops > 0).length > 1) && (
                <>
                  <h3>Training FLOPs by component</h3>
                  <FlopsBreakdownChart estimate={estimate} family={architecture?.family ?? null} stale={issues.length > 0} />
                </>
              )}
              <h3>Tokens by data source{input.stages ? ' (stage · source)' : ''}</h3>
              <BreakdownChart estimate={estimate} input={input} />
              <h3>Warnings</h3>
              <Warnings estimate={estimate} />
              {estimate.assumptions.length > 0 && (
                <details class="assumptions">
                  <summary>Defaults used ({estimate.assumptions.length})</summary>
                  <ul>
                    {estimate.assumptions.map((a) => (
                      <li key={a.field}>
                        <code>{a.field}</code> = {a.value}: {a.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          ) : (
            !issues.length && <p class="muted">Estimating…</p>
          )}
          <h3>Save</h3>
          <SavePanel scenario={scenario} saved={saved} input={input} modified={modified} invalid={issues.length > 0} onRefused={setIssues} onRebase={rebase} />
          <HistoryPanel scenario={scenario} saved={saved} editable={editable} modified={modified} onReload={reload} />
        </div>
      </div>
      <LocalProblems.Provider value={reportUnread}>
        <PlanningPanel input={input} issues={issues} onChange={change} />
      </LocalProblems.Provider>
      <SweepPanel input={input} route={route} setParams={setParams} />
    </section>
  );
}
