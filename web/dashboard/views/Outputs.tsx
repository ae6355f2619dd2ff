/**
 * What an architecture adds to a scenario's estimate: the parameters by how often they run, the
 * training FLOPs by component (bars with their shares, as a table: readable without colour and by
 * a screen reader), and the hardware FLOPs when recomputation makes them differ.
 */
import type { ArchitectureFamily, FlopsComponent, FullEstimate } from '../api';
import { componentLabel } from '../architecture';
import { PALETTE } from '../charts';
import { formatCompact, formatPercent, formatRatio, METRICS } from '../format';
import { Num, TableScroll } from '../ui';

const PARAMETER_PARTS: { key: keyof FullEstimate['parameters']; label: string; title: string }[] = [
  { key: 'total', label: 'Parameters', title: 'Every parameter, counted matrix by matrix from the architecture' },
  { key: 'perToken', label: 'per token', title: 'Run once per sample token: what the token count multiplies' },
  { key: 'perSample', label: 'per sample', title: 'Run once per sample: adaLN modulation, timestep, guidance and pooled-text MLPs, the class table' },
  { key: 'perContextToken', label: 'per text token', title: 'Run only on the text tokens: the MM-DiT text stream, cross-attention K and V, text embedders' },
  { key: 'embeddingTables', label: 'lookup tables', title: 'Read by lookup, no matmul: an untied input embedding' },
  { key: 'idleExperts', label: 'idle experts', title: 'Mixture-of-experts FFNs a token does not run' },
];

/** The parameter count derived from the architecture: total, per token, per sample (and the other parts when not 0). */
export function ParameterCounts({ estimate, stale }: { estimate: FullEstimate; stale: boolean }) {
  const p = estimate.parameters;
  // Total and per token always; the other parts where the architecture has them (a decoder has nothing per sample).
  const parts = PARAMETER_PARTS.filter((x) => x.key === 'total' || x.key === 'perToken' || p[x.key] > 0);
  return (
    <dl class={`counts ${stale ? 'stale' : ''}`} data-testid="parameters">
      {parts.map((x) => (
        <div key={x.key} class={x.key === 'total' ? 'total' : ''} data-part={x.key} title={x.title}>
          <dt>{x.label}</dt>
          <dd>
            <Num value={p[x.key]} format={(v) => formatCompact(v)} unit="parameters" />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** How much more: "1.3x", or below 1.05x "0.07% more than" (a ratio would round to 1.0x). */
function more(ratio: number): string {
  return ratio >= 1.05 ? formatRatio(ratio) : `${formatPercent(ratio - 1)} more than`;
}

/** Hardware FLOPs, said when recomputation makes them more than the model FLOPs; `recomputation` says which ("FULL recomputation in stage 2"). */
export function HardwareFlops({ estimate, recomputation }: { estimate: FullEstimate; recomputation: string | undefined }) {
  if (!(estimate.hardwareFlops > estimate.flops)) return null;
  return (
    <p class="hint wide" data-testid="hardware-flops">
      Hardware FLOPs <Num value={estimate.hardwareFlops} metric={METRICS.flops} /> ({more(estimate.hardwareFlops / estimate.flops)} the model FLOPs, with{' '}
      {recomputation ?? 'this recomputation'}): GPU-days, days, cost and energy are computed from them; utilization is then HFU.
    </p>
  );
}

/** One colour per component, whichever are shown. */
const COLOURS: Record<FlopsComponent, string> = {
  LINEAR: PALETTE[0],
  ATTENTION: PALETTE[1],
  CROSS_ATTENTION: PALETTE[2],
  CONTEXT: PALETTE[3],
  CONDITIONING: PALETTE[4],
  EMBEDDINGS: PALETTE[5],
  ENCODERS: PALETTE[6],
};

/** Training FLOPs by component, as horizontal bars of their share; components at 0 are left out. */
export function FlopsBreakdownChart({ estimate, family, stale }: { estimate: FullEstimate; family: ArchitectureFamily | null; stale: boolean }) {
  const rows = estimate.flopsBreakdown.filter((c) => c.flops > 0);
  return (
    <table class={`flops-breakdown ${stale ? 'stale' : ''}`} data-testid="flops-breakdown">
      <caption class="sr-only">Training FLOPs by component, share of the total and FLOPs</caption>
      <thead class="sr-only">
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Share</th>
          <th scope="col">FLOPs</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const { name, detail } = componentLabel(c.component, family);
          return (
            <tr key={c.component} data-component={c.component}>
              <th scope="row">
                <span class="name">{name}</span> <span class="detail">{detail}</span>
                <span class="bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, 100 * c.share)}%`, background: COLOURS[c.component] }} />
                </span>
              </th>
              <td class="numeric share">{formatPercent(c.share)}</td>
              <td class="numeric">
                <Num value={c.flops} metric={METRICS.flops} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const STAGE_COLUMNS: {
  key: 'samples' | 'tokensPerSample' | 'flops' | 'hardwareFlops' | 'gpuDays' | 'wallClockDays' | 'costUsd';
  label: string;
  title: string;
}[] = [
  { key: 'samples', label: 'Samples', title: 'Samples of one pass over the stage’s data: items, steps × batch size, or text sequences' },
  { key: 'tokensPerSample', label: 'Tokens / sample', title: 'Tokens of one image, clip or sequence (the mean over the stage’s sources)' },
  { key: 'flops', label: 'FLOPs', title: 'Model FLOPs of the stage (the MFU basis)' },
  { key: 'hardwareFlops', label: 'Hardware FLOPs', title: 'FLOPs executed, with what recomputation runs again: time and cost come from these' },
  { key: 'gpuDays', label: 'GPU-days', title: 'Hardware FLOPs / (peak · utilization) / 86,400 on the stage’s hardware' },
  { key: 'wallClockDays', label: 'Days', title: 'GPU-days / the stage’s GPUs' },
  { key: 'costUsd', label: 'Cost', title: 'GPU-hours · the stage’s price per GPU-hour' },
];

const STAGE_UNITS: Record<(typeof STAGE_COLUMNS)[number]['key'], string> = {
  samples: 'samples',
  tokensPerSample: 'tokens per sample',
  flops: 'FLOPs',
  hardwareFlops: 'hardware FLOPs',
  gpuDays: 'GPU-days',
  wallClockDays: 'days',
  costUsd: 'USD',
};

function stageFormat(key: (typeof STAGE_COLUMNS)[number]['key']): (x: number) => string {
  if (key === 'samples' || key === 'tokensPerSample') return (x) => formatCompact(x);
  if (key === 'flops' || key === 'hardwareFlops') return METRICS.flops.format;
  return METRICS[key].format;
}

/**
 * Each training stage on its own cluster, and their totals (the estimate's figures: the stages run
 * one after another, so days add up too). On a phone each stage is a card of labelled figures.
 */
export function StagesTable({ estimate, stale }: { estimate: FullEstimate; stale: boolean }) {
  const stages = estimate.stages;
  // Hardware FLOPs only where recomputation makes them differ from the model FLOPs.
  const columns = STAGE_COLUMNS.filter((c) => c.key !== 'hardwareFlops' || stages.some((st) => st.hardwareFlops !== st.flops));
  const totalSamples = stages.reduce((a, s) => a + s.samples, 0);
  const totals: Record<(typeof STAGE_COLUMNS)[number]['key'], number | null> = {
    samples: totalSamples,
    tokensPerSample: null,
    flops: estimate.flops,
    hardwareFlops: estimate.hardwareFlops,
    gpuDays: estimate.gpuDays,
    wallClockDays: estimate.wallClockDays,
    costUsd: estimate.costUsd,
  };
  return (
    <TableScroll label="Each training stage">
      <table class={`stages-table ${stale ? 'stale' : ''}`} data-testid="stages-table">
        <caption class="sr-only">Each training stage: {columns.map((c) => c.label.toLowerCase()).join(', ')}, with the totals</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            {columns.map((c) => (
              <th scope="col" class="numeric" key={c.key} title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => (
            <tr key={s.index} data-stage={s.index}>
              <th scope="row">
                <span class="stage-index">{s.index + 1}</span> {s.name ?? <span class="muted">stage {s.index + 1}</span>}
              </th>
              {columns.map((c) => (
                <td class="numeric" key={c.key} data-label={c.label} data-column={c.key}>
                  <Num value={s[c.key]} format={stageFormat(c.key)} unit={STAGE_UNITS[c.key]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-stage="total">
            <th scope="row">Total</th>
            {columns.map((c) => (
              <td class="numeric" key={c.key} data-label={c.label} data-column={c.key}>
                {c.key === 'tokensPerSample' ? '' : <Num value={totals[c.key]} format={stageFormat(c.key)} unit={STAGE_UNITS[c.key]} />}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
