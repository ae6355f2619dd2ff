/**
 * Load from a process of its own (bench/flood.ts, bench/hostile.ts), so that its work does not
 * skew what this process measures (on 2 cores it would: /healthz probes waiting behind the load
 * generator's own event loop). The entry gets its config as JSON in argv, says when its load has
 * begun, and answers with its result when it is done or told to stop.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

type Message<R> = { type: 'started' } | { type: 'result'; result: R } | { type: 'failed'; error: string };

export interface Child<R> {
  /** Resolves once the entry's load has begun. */
  started: Promise<void>;
  /** The entry's result, once it is done (or has been told to stop). */
  result: Promise<R>;
  /** Asks the entry to stop and answer with what it has. */
  stop(): void;
  /** Its process id. */
  pid: number;
}

/** Runs .bench/bench/<entry>.js with `config`; node flags are not inherited. */
export function runChild<R>(entry: string, config: unknown): Child<R> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = fork(path.join(__dirname, '..', `${entry}.js`), [JSON.stringify(config)], {
    execArgv: [],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const result = new Promise<R>((resolve, reject) => {
    child.on('message', (m: Message<R>) => {
      if (m.type === 'started') onStarted();
      else if (m.type === 'result') resolve(m.result);
      else reject(new Error(`${entry}: ${m.error}`));
    });
    child.on('exit', (code) => reject(new Error(`${entry} exited (${code}) without a result`)));
  });
  result.catch(() => onStarted()); // a child that fails before it starts does not leave `started` pending
  return { started, result, stop: () => void (child.connected && child.send({ type: 'stop' })), pid: child.pid! };
}

/**
 * An entry's side: runs `work(config, stopped)` (`stopped` resolves when the parent asks it to
 * stop, or goes away) and sends its result. `work` calls `begun()` when its load has started.
 */
export function childMain<C, R>(work: (config: C, stopped: Promise<void>, begun: () => void) => Promise<R>): void {
  const send = (m: Message<R>) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (m: { type?: string }) => void (m.type === 'stop' && resolve()));
    process.on('disconnect', () => resolve());
  });
  const config = JSON.parse(process.argv[2]) as C;
  work(config, stopped, () => void send({ type: 'started' })).then(
    (result) => send({ type: 'result', result }).then(() => process.exit(0)),
    (e: unknown) => send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) }).then(() => process.exit(1)),
  );
}
