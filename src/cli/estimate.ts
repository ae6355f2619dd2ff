/**
 * flopscope on the command line: the quickest way to see what an estimate says.
 *
 *   npm run estimate -- --preset sora-2024
 *   npm run estimate -- --json scenario.json [--format json]
 *   npm run estimate -- --list
 *
 * Exit codes: 0 done, 2 bad arguments or bad input (the message names the field), 1 anything else.
 */
import { readFileSync } from 'fs';
import {
  FlopscopeInputError,
  FullEstimate,
  PRESETS,
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
  --list           list the presets
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

/** The estimate as a readable table, numbers as the field writes them (2.57e24, 29.7k PF-days, 8.2x, $4.4M). */
export function renderTable(e: FullEstimate, title: string): string {
  const r = e.resolved;
  const c = r.cluster;
  const out: string[] = [title, ''];
  const row = (label: string, value: string): void => {
    out.push(`  ${pad(label, 18)}${value}`);
  };

  out.push('Inputs');
  row(
    'model',
    `${formatSci(r.model.parameters)} parameters${r.model.layers !== null ? `, ${r.model.layers} layers` : ''}${r.model.hiddenSize !== null ? ` × ${r.model.hiddenSize} wide` : ''}`,
  );
  r.data.forEach((s, i) => {
    // A source given as steps × batchSize (issue 17) shows them; only the first stage of a staged scenario is listed here.
    const size = s.count !== null ? formatCompact(s.count) : `${formatCompact(s.steps as number)} steps × ${formatCompact(s.batchSize as number)}`;
    const clip = s.frames !== null ? `${s.frames} frames` : `${formatNumber(s.durationSeconds as number)} s at ${formatNumber(s.fps as number)} fps`;
    const what =
      s.kind === 'TEXT'
        ? `${size} ${s.count !== null ? 'tokens' : 'sequences'}`
        : `${size} ${s.kind === 'IMAGE' ? 'images' : 'clips'}, ${s.width}×${s.height}` + (s.kind === 'VIDEO' ? `, ${clip}` : '');
    row(`data[${i}]`, `${s.kind.padEnd(5)} ${what}`);
  });
  if (r.data.some((s) => s.kind !== 'TEXT')) {
    const t = r.tokenizer;
    row(
      'tokenizer',
      `${t.method}, patch ${t.patchSize}${t.method === 'LATENT' ? `, VAE ${t.vaeSpatialFactor}× spatial / ${t.vaeTemporalFactor}× temporal` : ''}${t.method !== 'SEED_2024' && t.temporalPatchSize !== 1 ? `, temporal patch ${t.temporalPatchSize}` : ''}`,
    );
  }
  row(
    'training',
    `${formatNumber(r.training.epochs)} epoch${r.training.epochs === 1 ? '' : 's'}, attention ${r.training.attention ? 'counted' : 'not counted'}`,
  );
  row(
    'cluster',
    `${formatCompact(c.gpuCount)} × ${r.hardware.name}, ${c.precision} ${formatNumber(r.peakFlopsPerSecond / 1e12)} TFLOP/s peak, ` +
      `${formatNumber(100 * c.utilization)}% utilization, ${c.pricePerGpuHour === null ? 'no price' : `${formatUsd(c.pricePerGpuHour)}/GPU-hour`}, PUE ${formatNumber(c.pue)}`,
  );

  out.push('', 'Tokens by source');
  for (const s of e.tokens.sources) {
    row(`data[${s.index}] ${s.kind}`, `${pad(formatSci(s.tokens), 10)}${pad(formatPercent(s.share), 9)}${formatCompact(s.tokensPerSequence)} per sequence`);
  }
  row('total', formatSci(e.tokens.total));

  const f = e.flops;
  const k = e.cluster;
  out.push('', 'Compute');
  row(
    'training FLOPs',
    `${formatSci(f.total)}${f.attention > 0 ? ` (6·N·D ${formatSci(f.dense)} + attention ${formatSci(f.attention)}, ${formatPercent(f.attentionShare)})` : ''}`,
  );
  row('PF-days', formatCompact(k.pfDays));
  row('GPU-days', formatCompact(k.gpuDays));
  row('GPU-hours', formatCompact(k.gpuHours));
  row('wall-clock days', `${formatCompact(k.wallClockDays)} on ${formatCompact(c.gpuCount)} GPU${c.gpuCount === 1 ? '' : 's'}`);
  row('cost', k.costUsd === null ? 'unknown (no price)' : formatUsd(k.costUsd));
  row('energy', k.energyMWh === null ? 'unknown (no TDP)' : `${formatCompact(k.energyMWh)} MWh`);
  row('vs GPT-3', formatRatio(e.ratioVsGPT3));

  if (e.assumptions.length > 0) {
    out.push('', 'Assumptions (defaults used)');
    for (const a of e.assumptions) out.push(wrap(`  - ${a.field} = ${a.value}: ${a.reason}`, 100, '      '));
  }
  if (e.warnings.length > 0) {
    out.push('', 'Warnings');
    for (const w of e.warnings) out.push(wrap(`  ! ${w.code}: ${w.message}`, 100, '      '));
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
    else for (const p of PRESETS) io.out(`${pad(p.key, 22)}${p.name}  [${p.tags.join(', ')}]\n`);
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
