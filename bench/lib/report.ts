/** What a step reports, the machine it ran on, and the table printed at the end. */
import os from 'node:os';
import type { Step } from './options';
import type { Context } from './setup';
import { round } from './stats';

/** One file per step under bench/targets/ exports one of these. */
export interface StepDef {
  step: Step;
  /** What is measured, for the table. */
  title: string;
  /** A target passes or fails against its limit; information is reported, never failed. */
  kind: 'target' | 'info';
  /** A target's limit; for information, what its figures are shown beside. */
  limit: string;
  /** Reads the seeded 1,000- and 100,000-scenario libraries. */
  seeded: boolean;
  /** Uses the free-execution server (stopped after the last step that does). */
  freeExecution: boolean;
  run(ctx: Context): Promise<Outcome>;
}

export interface Outcome {
  measured: string;
  /** null for information. */
  pass: boolean | null;
  note?: string;
  details: Record<string, unknown>;
}

export interface Result extends Outcome {
  step: Step | 'soak';
  title: string;
  kind: 'target' | 'info';
  limit: string;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 1024 ** 3, 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

export const verdict = (r: Pick<Result, 'kind' | 'pass'>) => (r.kind === 'info' ? 'info' : r.pass ? 'PASS' : 'FAIL');

/** A Markdown table (docs/performance.md's is this one, from a full run). */
export function table(results: Result[]): string {
  const rows = [['step', 'what', 'measured', 'limit / shown beside', 'result'], ...results.map((r) => [r.step, r.title, r.measured, r.limit, verdict(r)])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
