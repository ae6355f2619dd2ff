/**
 * Start time (information; it replaces issue 6's retired target 7): `npm start` to /readyz 200 on
 * the existing data dir (its PostgreSQL stopped), and `node dist/src/main.js` alone; beside the
 * floor of each, what any start on this stack spends before it can answer doing nothing of its
 * own: npm until it runs a script (`npm start` only), then the longer of `node -e 0` followed by
 * `pg_ctl start` alone, and a node process loading the stack's libraries (bench/stack-modules.ts).
 * Last of the steps: it stops the server.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { isRunning, postgresReadyAt, runPgCtl } from '../lib/postgres';
import type { StepDef } from '../lib/report';
import { npmCommand, spawnNpmStart, spawnServer, stopGroup, stopServer, waitReady } from '../lib/server';
import { errorText, freePort, int, log, median, now, round } from '../lib/stats';

/** ms from the spawn to the first byte of output, or to the exit when `firstByte` is false. */
function time(cmd: string, args: string[], firstByte: boolean, env = process.env): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let first: number | null = null;
    child.stdout!.on('data', () => (first ??= now() - t0));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`));
      else if (firstByte && first === null) reject(new Error(`${cmd} ${args.join(' ')} printed nothing`));
      else resolve(firstByte ? first! : now() - t0);
    });
  });
}

/** Where a start's time went: ms from the spawn to each `start: …` milestone the server logs at debug level, if any, and to "serving". */
function startPhases(output: string, spawnedAt: number): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let l: { msg?: string; time?: number };
    try {
      l = JSON.parse(line);
    } catch {
      continue;
    }
    if (!l.time || !l.msg) continue;
    if (l.msg.startsWith('start: ')) phases[l.msg.slice(7)] = l.time - spawnedAt;
    if (l.msg === 'flopscope is serving') phases.serving = l.time - spawnedAt;
  }
  return phases;
}

export const start: StepDef = {
  step: 'start',
  title: 'start to /readyz 200 on an existing data dir',
  kind: 'info',
  limit: "npm, node, `pg_ctl start`, the stack's libraries alone",
  seeded: false,
  freeExecution: false,
  async run({ s, p }) {
    await stopServer(s.server);
    const r = { npmStart: [] as number[], process: [] as number[], pg: [] as number[], npm: [] as number[], node: [] as number[], stack: [] as number[] };
    const phases: Record<string, number>[] = [];
    let floorError: string | null = null;
    for (let i = 0; i < p.startRounds; i++) {
      const npmStart = (s.npmStarted = spawnNpmStart(s.dataDir, await freePort()));
      try {
        r.npmStart.push(await waitReady(npmStart, now()));
      } finally {
        await stopGroup(npmStart);
        s.npmStarted = null;
      }
      if (isRunning(s.cluster)) throw new Error(`npm start left PostgreSQL running:\n${npmStart.output().slice(-4000)}`);
      const wall = Date.now();
      const t0 = now();
      const server = spawnServer(s.dataDir, await freePort(), { logLevel: 'debug' });
      r.process.push(await waitReady(server, t0));
      phases.push({
        ...startPhases(server.output(), wall),
        'PostgreSQL accepting': postgresReadyAt(s.cluster) - wall,
        '/readyz 200': Math.round(r.process[i]),
      });
      await stopServer(server);
      try {
        const pgPort = await freePort();
        const t1 = now();
        runPgCtl([
          'start',
          '-D',
          s.cluster.dir,
          '-w',
          '-t',
          '60',
          '-l',
          path.join(s.cluster.dir, 'postgres.log'),
          '-o',
          `-p ${pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
        ]);
        r.pg.push(now() - t1);
        runPgCtl(['stop', '-D', s.cluster.dir, '-m', 'fast', '-w', '-t', '60']);
        r.npm.push(await time(...npmCommand('run', 'env', '--silent'), true));
        r.node.push(await time(process.execPath, ['-e', '0'], false));
        r.stack.push(await time(process.execPath, [path.join(__dirname, '..', 'stack-modules.js')], false, { ...process.env, NODE_ENV: 'production' }));
      } catch (e) {
        floorError ??= errorText(e);
      }
      log(
        `start round ${i + 1}: npm start ${int(r.npmStart[i])} ms, the server process ${int(r.process[i])} ms (${Object.entries(phases[i])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      );
    }
    const m = (xs: number[]) => median(xs);
    const processFloor = Math.max(m(r.node) + m(r.pg), m(r.stack));
    const npmFloor = m(r.npm) + processFloor;
    const ok = floorError === null;
    const beside = ok
      ? `floors ${int(npmFloor)} and ${int(processFloor)} ms: ratios ${round(m(r.npmStart) / npmFloor, 2)} and ${round(m(r.process) / processFloor, 2)} (\`pg_ctl start\` ${int(m(r.pg))} ms, the stack's libraries ${int(m(r.stack))} ms, npm until a script runs ${int(m(r.npm))} ms)`
      : `floors not measured: ${floorError}`;
    const ints = (xs: number[]) => xs.map((x) => Math.round(x));
    return {
      measured: `\`npm start\` ${int(m(r.npmStart))} ms, \`node dist/src/main.js\` ${int(m(r.process))} ms; ${beside}`,
      pass: null,
      details: {
        npmStartMs: ints(r.npmStart),
        serverProcessMs: ints(r.process),
        serverProcessPhasesMs: phases,
        phases:
          'ms from the spawn of `node dist/src/main.js` to each start milestone the server logs at debug level (if any), to "serving", and to the first /readyz 200; "PostgreSQL accepting" is from PostgreSQL\'s own log',
        pgCtlStartMs: ints(r.pg),
        npmUntilScriptMs: ints(r.npm),
        nodeDashEZeroMs: ints(r.node),
        stackModulesMs: ints(r.stack),
        npmStartFloorMs: ok ? Math.round(npmFloor) : null,
        serverProcessFloorMs: ok ? Math.round(processFloor) : null,
        floor:
          "npm until it runs a script (its built-in `npm run env --silent`, to the first byte of output; `npm start` only), plus the longer of `node -e 0` then `pg_ctl start -w` alone, and a node process that loads the stack's libraries and exits (bench/stack-modules.ts)",
        floorError,
      },
    };
  },
};
