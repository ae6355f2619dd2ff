/**
 * `npm run bench`: does flopscope stay fast as libraries grow? The method, the figures and how to
 * reproduce them are in docs/performance.md.
 *
 *   npm run bench                       the full run (about 10 minutes on 2 cores)
 *   npm run bench -- --quick            a smoke run with short durations
 *   npm run bench -- --soak             the soak alone: 600 s of mixed reads and writes, half of it beside a hostile mix (60 s with --quick)
 *   npm run bench -- --only pages,start just these steps (see lib/options.ts for their names)
 *   (--keep keeps the temp data dir; --serve sets everything up and serves until interrupted)
 *
 * This file only orchestrates: the real server (`node dist/src/main.js`) on a fresh data dir
 * (lib/setup.ts), each step of targets/ in turn, the table and the results file (.bench/). A
 * target passes or fails against its limit; information is reported beside a floor and never
 * fails. The exit status is 1 when a target fails or cannot be measured.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { Options, parseOptions, Step, STEPS } from './lib/options';
import { machine, Outcome, Result, StepDef, table, verdict } from './lib/report';
import { cleanup, setup, Setup } from './lib/setup';
import { MAIN } from './lib/server';
import { errorText, log } from './lib/stats';
import { estimate } from './targets/estimate';
import { health } from './targets/health';
import { list } from './targets/list';
import { memory } from './targets/memory';
import { pages } from './targets/pages';
import { scale } from './targets/scale';
import { soak } from './targets/soak';
import { start } from './targets/start';
import { statements } from './targets/statements';
import { transfer } from './targets/transfer';
import { coreEstimate, sweep } from './targets/sweep';

const DEFS: Record<Step, StepDef> = { statements, estimate, 'core-estimate': coreEstimate, list, sweep, health, pages, memory, scale, transfer, start };
const OUT = path.join(PROJECT_ROOT, '.bench');

function resultsFile(o: Options): string {
  const name = o.soak ? 'soak-results' : o.only ? 'results-partial' : 'results';
  return path.join(OUT, `${name}${o.quick ? '-quick' : ''}.json`);
}

const commandOf = (argv: string[]) => `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

async function runSteps(s: Setup, o: Options): Promise<Result[]> {
  const selected = STEPS.filter((id) => !o.only || o.only.has(id)).map((id) => DEFS[id]);
  const results: Result[] = [];
  for (const [i, def] of selected.entries()) {
    log(`${def.step}: ${def.title}`);
    let outcome: Outcome;
    try {
      outcome = await def.run({ s, p: o.p });
    } catch (e) {
      // A step that cannot be measured says why; a target that cannot be measured fails. The others still run.
      outcome = { measured: 'not measured', pass: def.kind === 'target' ? false : null, note: errorText(e), details: {} };
    }
    const r: Result = { step: def.step, title: def.title, kind: def.kind, limit: def.limit, ...outcome };
    log(`  ${verdict(r)}: ${r.measured}${r.note ? ` — ${r.note}` : ''}`);
    results.push(r);
    if (!selected.slice(i + 1).some((next) => next.freeExecution)) await s.free?.stop();
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (e) {
    console.error(`bench: ${errorText(e)}`);
    return 2;
  }
  if (!fs.existsSync(MAIN)) {
    console.error(`bench: ${MAIN} is missing: run npm run build first`);
    return 2;
  }
  const started = new Date();
  const m = machine();
  const mode = o.soak ? 'soak' : `${o.quick ? 'quick' : 'full'}${o.only ? ', partial' : ''}`;
  log(`${mode} run on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB, node ${m.node}`);
  let s: Setup | null = null;
  const onSignal = () => void cleanup(s, o.keep).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const seeded = o.soak || o.serve || STEPS.some((id) => (!o.only || o.only.has(id)) && DEFS[id].seeded);
    s = await setup(o.p, seeded, (partial) => (s = partial));
    if (o.serve) {
      console.log(
        JSON.stringify({
          api: s.server.base,
          pid: s.server.child.pid,
          databaseUrl: s.databaseUrl,
          small: s.small,
          big: s.big,
          soak: s.soak,
          dataDir: s.dataDir,
        }),
      );
      await new Promise(() => undefined); // until SIGINT/SIGTERM (which clean up)
    }
    if (o.soak) log(`soak: ${o.p.soakSeconds} s of mixed reads and writes at 50 connections, then ${o.p.soakSeconds} s more beside a hostile mix`);
    const results = o.soak ? [await soak({ s, p: o.p })] : await runSteps(s, o);
    const failed = results.filter((r) => r.kind === 'target' && !r.pass).length;
    const seconds = Math.round((Date.now() - started.getTime()) / 1000);
    const file = resultsFile(o);
    const record = { command: commandOf(argv), mode, machine: m, startedAt: started.toISOString(), seconds, settings: o.p, failed, results };
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    console.log(
      `\nflopscope bench (${mode}), ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB RAM, node ${m.node}, ${seconds} s\n`,
    );
    console.log(table(results));
    for (const r of results) if (r.note) console.log(`\n${r.step}: ${r.note}`);
    const targets = results.filter((r) => r.kind === 'target').length;
    const verdicts = targets ? `${targets - failed} of ${targets} targets passed` : 'no target selected (information only)';
    console.log(`\n${verdicts}; written to ${path.relative(process.cwd(), file)}`);
    return failed ? 1 : 0;
  } finally {
    await cleanup(s, o.keep);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
