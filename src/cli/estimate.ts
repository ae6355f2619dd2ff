/**
 * flopscope on the command line: the quickest way to see what an estimate says.
 *
 *   npm run estimate -- --preset sora-2024
 *   npm run estimate -- --json scenario.json [--format json]
 *   npm run estimate -- --list
 *
 * The table fits an 80-column terminal. A scenario trained in stages lists each stage as it runs and
 * a table of them (samples, tokens per sample, FLOPs, hardware FLOPs where recomputation adds any,
 * GPU-days, days, cost, with the totals); with an architecture, the FLOPs by component as bars and
 * the parameters counted from it. Frozen encoders (model.encoders) are listed under the model, and
 * the training FLOPs line says what the total is made of: 6·N·D (or the matmuls) + attention + the
 * encoders' forward passes.
 *
 * Exit codes: 0 done, 2 bad arguments or bad input (the message names the field), 1 anything else.
 */
import { readFileSync } from 'fs';
import {
  FlopscopeInputError,
  FullEstimate,
  PRESETS,
  fixedForwardFlops,
  ScenarioSpec,
  estimate,
  findPreset,
  formatCompact,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSci,
  formatUsd,
} from '../core';

export const USAGE = `usage: estimate (--preset KEY | --json FILE | --list) [--format table|json]

  --preset KEY     estimate a built-in scenario (see --list)
  --json FILE      estimate the scenario in FILE (a ScenarioSpec as JSON; "-" reads stdin)
  --list           list the presets, key and name (--format json adds
                   each one's description and tags)
  --format FORMAT  table (default) or json
  --help           this text`;

export interface CliArgs {
  preset: string | null;
  json: string | null;
  list: boolean;
  help: boolean;
  format: 'table' | 'json';
}

/** Parses argv (without node and the script); throws a message string on bad usage. */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { preset: null, json: null, list: false, help: false, format: 'table' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw `${flag} needs a value`;
      return v;
    };
    switch (flag) {
      case '--preset':
        args.preset = value();
        break;
      case '--json':
        args.json = value();
        break;
      case '--list':
        args.list = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--format': {
        const f = value();
        if (f !== 'table' && f !== 'json') throw `--format must be table or json, got ${JSON.stringify(f)}`;
        args.format = f;
        break;
      }
      default:
        throw `unknown argument ${JSON.stringify(argv[i])}`;
    }
  }
  const modes = [args.preset !== null, args.json !== null, args.list].filter(Boolean).length;
  if (!args.help && modes !== 1) throw modes === 0 ? 'give --preset KEY, --json FILE or --list' : 'give only one of --preset, --json, --list';
  return args;
}

/** Wraps `text` at `width` columns, continuation lines indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  let line = lead;
  for (const word of text.slice(lead.length).split(/\s+/)) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() ? `${line} ${word}` : line + word;
    }
  }
  if (line.trim()) lines.push(line);
  return lines.join('\n');
}

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number): string => (s.length >= n ? ` ${s}` : ' '.repeat(n - s.length) + s);

/** The width the table is written for: a terminal's 80 columns. */
export const WIDTH = 80;
/** Where a row's value starts: two spaces and an 18-column label. */
const VALUE_AT = 20;

type Resolved = FullEstimate['resolved'];
type ResolvedSource = Resolved['data'][number];
type Stage = Resolved['stages'][number];

function describeSource(s: ResolvedSource): string {
  // A source given as steps × batchSize (issue 17) shows them; a clip as frames when given so.
  const size = s.count !== null ? formatCompact(s.count) : `${formatCompact(s.steps as number)} steps × ${formatCompact(s.batchSize as number)}`;
  const clip = s.frames !== null ? `${s.frames} frames` : `${formatNumber(s.durationSeconds as number)} s at ${formatNumber(s.fps as number)} fps`;
  const what =
    s.kind === 'TEXT'
      ? `${size} ${s.count !== null ? 'tokens' : 'sequences'}`
      : `${size} ${s.kind === 'IMAGE' ? 'images' : 'clips'}, ${s.width}×${s.height}` + (s.kind === 'VIDEO' ? `, ${clip}` : '');
  return `${s.kind.padEnd(5)} ${what}`;
}

function describeTokenizer(t: Stage['tokenizer']): string {
  return `${t.method}, patch ${t.patchSize}${t.method === 'LATENT' ? `, VAE ${t.vaeSpatialFactor}× spatial / ${t.vaeTemporalFactor}× temporal` : ''}${t.method !== 'SEED_2024' && t.temporalPatchSize !== 1 ? `, temporal patch ${t.temporalPatchSize}` : ''}`;
}

function describeTraining(t: Stage['training']): string {
  const recompute = t.recomputation !== 'NONE' ? `, ${t.recomputation} recomputation` : '';
  return `${formatNumber(t.epochs)} epoch${t.epochs === 1 ? '' : 's'}, attention ${t.attention ? 'counted' : 'not counted'}${recompute}`;
}

function describeCluster(st: Pick<Stage, 'cluster' | 'hardware' | 'peakFlopsPerSecond'>): string {
  const c = st.cluster;
  return (
    `${formatCompact(c.gpuCount)} × ${st.hardware.name}, ${c.precision} ${formatNumber(st.peakFlopsPerSecond / 1e12)} TFLOP/s peak, ` +
    `${formatNumber(100 * c.utilization)}% utilization, ${c.pricePerGpuHour === null ? 'no price' : `${formatUsd(c.pricePerGpuHour)}/GPU-hour`}, PUE ${formatNumber(c.pue)}`
  );
}

function describeModel(r: Resolved): string {
  const m = r.model;
  const a = m.architecture;
  // The parameter count is the architecture's (below, "Parameters"); a given one is said beside it.
  if (a)
    return `${a.family}, ${a.layers} layers × ${a.hiddenSize} wide, ${a.heads} heads${m.parametersGiven ? `; given ${formatCompact(m.parameters)} parameters` : ''}`;
  return `${formatSci(m.parameters)} parameters${m.layers !== null ? `, ${m.layers} layers` : ''}${m.hiddenSize !== null ? ` × ${m.hiddenSize} wide` : ''}`;
}

/** A frozen encoder as it runs: "T5-XXL encoder: 4.76B parameters × 512 tokens = 4.88e12 FLOPs per sample". */
function describeEncoder(e: Resolved['model']['encoders'][number]): string {
  let how: string;
  if (e.forwardFlopsPerPixel !== null) {
    how = `${formatSci(e.forwardFlopsPerPixel)} FLOPs per pixel per frame (× each sample's W·H·frames)`;
  } else {
    const forward = fixedForwardFlops(e) as number;
    how =
      e.forwardFlopsPerSample !== null
        ? `${formatSci(forward)} forward FLOPs per sample`
        : `${formatCompact(e.parameters as number)} parameters × ${formatCompact(e.tokensPerSample as number)} tokens = ${formatSci(forward)} FLOPs per sample`;
  }
  return `${e.name}: ${how}${e.precomputed ? ', precomputed (adds 0)' : ', forward on every sample'}`;
}

/**
 * What the training FLOPs are made of: 6·N·D (with an architecture, its matmuls), the attention
 * cores, and the frozen encoders' forward passes; flops = denseFlops + attentionFlops + encoders
 * (docs/model.md, "Frozen encoders"). Only the parts there are: a bare 6·N·D total stands alone.
 */
function describeTotal(e: FullEstimate): string {
  const f = e.flops;
  const parts = [`${e.resolved.model.architecture ? 'matmuls' : '6·N·D'} ${formatSci(f.dense)}`];
  if (f.attention > 0) parts.push(`attention ${formatSci(f.attention)}`);
  if (e.resolved.model.encoders.length > 0) parts.push(f.encoders > 0 ? `frozen encoders ${formatSci(f.encoders)}` : 'frozen encoders 0 (precomputed)');
  return parts.length > 1 ? `${formatSci(f.total)} = ${parts.join(' + ')}` : formatSci(f.total);
}

/** The FLOPs components in words (the dashboard's names, web/dashboard/architecture.ts). */
const COMPONENT_NAMES: Record<FullEstimate['flops']['components'][number]['component'], string> = {
  linear: 'linear layers',
  attention: 'attention',
  crossAttention: 'cross-attention',
  context: 'text tokens',
  conditioning: 'conditioning',
  embeddings: 'embeddings',
  encoders: 'frozen encoders',
};

/** A bar of `share` (0..1) in `width` columns; a sliver shows as "▏" rather than nothing. */
function bar(share: number, width: number): string {
  const n = Math.round(share * width);
  return n > 0 ? '█'.repeat(n) : share > 0 ? '▏' : '';
}

/** The estimate as a readable table for an 80-column terminal, numbers as the field writes them (2.57e24, 29.7k PF-days, 8.2x, $4.4M). */
export function renderTable(e: FullEstimate, title: string): string {
  const r = e.resolved;
  const c = r.cluster;
  const a = r.model.architecture;
  const out: string[] = [title, ''];
  /** A label and its value, the value wrapped at WIDTH under itself. */
  const row = (label: string, value: string, indent = 2): void => {
    const lead = ' '.repeat(indent) + pad(label, VALUE_AT - indent);
    // Columns inside a short value keep their spacing; a long one wraps under itself, the label kept as it is.
    if (lead.length + value.length <= WIDTH) out.push(lead + value);
    else {
      const under = ' '.repeat(lead.length);
      out.push(lead + wrap(under + value, WIDTH, under).slice(under.length));
    }
  };

  out.push('Inputs');
  row('model', describeModel(r));
  r.model.encoders.forEach((x, j) => row(`encoders[${j}]`, describeEncoder(x), 4));
  if (r.staged) {
    // Each stage as it runs: its data, and its tokenizer, training and cluster (its own settings over the scenario's).
    r.stages.forEach((st, k) => {
      row(`stage ${k + 1}`, st.name ?? '(no name)');
      st.data.forEach((s, i) => row(`data[${i}]`, describeSource(s), 4));
      if (st.data.some((s) => s.kind !== 'TEXT')) row('tokenizer', describeTokenizer(st.tokenizer), 4);
      row('training', describeTraining(st.training), 4);
      row('cluster', describeCluster(st), 4);
    });
  } else {
    r.data.forEach((s, i) => row(`data[${i}]`, describeSource(s)));
    if (r.data.some((s) => s.kind !== 'TEXT')) row('tokenizer', describeTokenizer(r.tokenizer));
    row('training', describeTraining(r.training));
    row('cluster', describeCluster(r));
  }

  out.push('', 'Tokens by source');
  for (const s of e.tokens.sources) {
    const label = r.staged ? `${(s.stage ?? 0) + 1}·data[${s.index}] ${s.kind}` : `data[${s.index}] ${s.kind}`;
    row(label, `${pad(formatSci(s.tokens), 10)}${pad(formatPercent(s.share), 9)}${formatCompact(s.tokensPerSequence)} per sequence`);
  }
  row('total', formatSci(e.tokens.total));

  const f = e.flops;
  const k = e.cluster;
  const recomputed = f.hardware > f.total;
  out.push('', 'Compute');
  row('training FLOPs', describeTotal(e));
  if (recomputed)
    row(
      'hardware FLOPs',
      `${formatSci(f.hardware)}: ${formatPercent(f.hardware / f.total - 1)} more than the model FLOPs, recomputed; time, cost and energy use these`,
    );
  row('PF-days', formatCompact(k.pfDays));
  row('GPU-days', formatCompact(k.gpuDays));
  row('GPU-hours', formatCompact(k.gpuHours));
  row(
    'wall-clock days',
    r.staged
      ? `${formatCompact(k.wallClockDays)}, the stages one after another`
      : `${formatCompact(k.wallClockDays)} on ${formatCompact(c.gpuCount)} GPU${c.gpuCount === 1 ? '' : 's'}`,
  );
  row('cost', k.costUsd === null ? 'unknown (no price)' : formatUsd(k.costUsd));
  row('energy', k.energyMWh === null ? 'unknown (no TDP)' : `${formatCompact(k.energyMWh)} MWh`);
  row('vs GPT-3', formatRatio(e.ratioVsGPT3));

  if (r.staged) {
    // One row per stage and the totals; hardware FLOPs only where recomputation makes them differ.
    const hw = e.stages.some((st) => st.hardwareFlops !== st.flops);
    const cols: [string, number][] = [
      ['samples', 8],
      ['tokens/sample', 14],
      ['FLOPs', 9],
      ...(hw ? ([['hw FLOPs', 10]] as [string, number][]) : []),
      ['GPU-days', 10],
      ['days', 9],
      ['cost', 9],
    ];
    const line = (first: string, cells: string[]) => `  ${pad(first, 6)}${cells.map((x, i) => padLeft(x, cols[i][1])).join('')}`.trimEnd();
    const cost = (x: number | null) => (x === null ? '?' : formatUsd(x));
    out.push('', 'By stage');
    out.push(
      line(
        '#',
        cols.map(([h]) => h),
      ),
    );
    for (const st of e.stages) {
      out.push(
        line(String(st.index + 1), [
          formatCompact(st.samples),
          formatCompact(st.tokensPerSample),
          formatSci(st.flops),
          ...(hw ? [formatSci(st.hardwareFlops)] : []),
          formatCompact(st.gpuDays),
          formatCompact(st.wallClockDays),
          cost(st.costUsd),
        ]),
      );
    }
    out.push(
      line('total', [
        formatCompact(e.stages.reduce((x, st) => x + st.samples, 0)),
        '',
        formatSci(f.total),
        ...(hw ? [formatSci(f.hardware)] : []),
        formatCompact(k.gpuDays),
        formatCompact(k.wallClockDays),
        cost(k.costUsd),
      ]),
    );
  }

  const components = f.components.filter((x) => x.flops > 0);
  if (a || components.length > 1) {
    out.push('', 'Training FLOPs by component');
    // Without an architecture the linear part is the 6·N·D rule itself.
    for (const x of components)
      row(
        !a && x.component === 'linear' ? '6·N·D' : COMPONENT_NAMES[x.component],
        `${pad(bar(x.share, 24), 25)}${padLeft(formatPercent(x.share), 7)}  ${formatSci(x.flops)}`,
      );
  }

  if (a) {
    const p = e.parameters;
    out.push('', 'Parameters, counted from the architecture');
    row('total', formatCompact(p.total));
    row('per token', `${pad(formatCompact(p.perToken), 8)}run on every sample token`);
    if (p.perSample > 0) row('per sample', `${pad(formatCompact(p.perSample), 8)}run once per sample (adaLN, timestep and other MLPs)`);
    if (p.perContextToken > 0) row('per text token', `${pad(formatCompact(p.perContextToken), 8)}run on the text tokens only`);
    if (p.embeddingTables > 0) row('lookup tables', `${pad(formatCompact(p.embeddingTables), 8)}read by lookup, no matmul`);
    if (p.idleExperts > 0) row('idle experts', `${pad(formatCompact(p.idleExperts), 8)}experts a token does not run`);
  }

  if (e.assumptions.length > 0) {
    out.push('', 'Assumptions (defaults used)');
    for (const x of e.assumptions) out.push(wrap(`  - ${x.field} = ${x.value}: ${x.reason}`, WIDTH, '      '));
  }
  if (e.warnings.length > 0) {
    out.push('', 'Warnings');
    // "!" a warning, "i" information (nothing to fix unless it is advice you want).
    for (const w of e.warnings) out.push(wrap(`  ${w.severity === 'INFO' ? 'i' : '!'} ${w.code}: ${w.message}`, WIDTH, '      '));
  }
  return `${out.join('\n')}\n`;
}

/** The error a user sees: every problem, each naming its field. */
export function renderInputError(err: FlopscopeInputError): string {
  return `flopscope: invalid input\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p === '-' ? 0 : p, 'utf8'),
};

/**
 * A preset in `--list`: its key and name within WIDTH columns (a name too long ends in "…"). The
 * description and tags are in `--list --format json`.
 */
export function listLine(key: string, name: string): string {
  const lead = pad(key, 22);
  const room = WIDTH - lead.length;
  return lead + ([...name].length <= room ? name : `${[...name].slice(0, room - 1).join('')}…`);
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (message) {
    io.err(`flopscope: ${String(message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (args.list) {
    if (args.format === 'json')
      io.out(
        `${JSON.stringify(
          PRESETS.map(({ key, name, description, tags }) => ({ key, name, description, tags })),
          null,
          2,
        )}\n`,
      );
    else for (const p of PRESETS) io.out(`${listLine(p.key, p.name)}\n`);
    return 0;
  }
  let spec: ScenarioSpec;
  let title: string;
  if (args.preset !== null) {
    const preset = findPreset(args.preset);
    if (!preset) {
      io.err(`flopscope: unknown preset ${JSON.stringify(args.preset)}; presets: ${PRESETS.map((p) => p.key).join(', ')}\n`);
      return 2;
    }
    spec = preset.input;
    title = `${preset.name}  [preset ${preset.key}]`;
  } else {
    const file = args.json as string;
    try {
      spec = JSON.parse(io.readFile(file)) as ScenarioSpec;
    } catch (err) {
      io.err(`flopscope: cannot read a scenario from ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    title = typeof spec?.name === 'string' && spec.name ? `${spec.name}  [${file}]` : file;
  }
  try {
    const e = estimate(spec);
    io.out(args.format === 'json' ? `${JSON.stringify(e, null, 2)}\n` : renderTable(e, title));
    return 0;
  } catch (err) {
    if (err instanceof FlopscopeInputError) {
      io.err(renderInputError(err));
      return 2;
    }
    io.err(`flopscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
