/** The command line of `npm run bench`, and the durations of a full and a --quick run. */

/** Every measurement, in the order the bench takes them (start last: it stops the server). */
export const STEPS = ['statements', 'estimate', 'core-estimate', 'list', 'sweep', 'health', 'pages', 'memory', 'scale', 'transfer', 'start'] as const;
export type Step = (typeof STEPS)[number];

/**
 * Durations in seconds. A comparison alternates its sides round by round (A B, B A, ...): six
 * short rounds rather than three long ones, so that a slow spell of this shared machine falls on
 * every side alike.
 */
export interface Durations {
  rounds: number;
  warmup: number;
  throughput: number;
  latency: number;
  memoryRounds: number;
  memorySeconds: number;
  startRounds: number;
  bigLibrary: number;
  /** The transfer step's library (streamed export and import). */
  transferRows: number;
  /** The soak's normal load alone, and then as long beside the hostile mix. */
  soakSeconds: number;
  /** The health step: rounds of each flood, and how long each flood lasts. */
  healthRounds: number;
  floodSeconds: number;
}

const FULL: Durations = {
  rounds: 6,
  warmup: 3,
  throughput: 4,
  latency: 2,
  memoryRounds: 3,
  memorySeconds: 60,
  startRounds: 3,
  bigLibrary: 100_000,
  transferRows: 1_000_000,
  soakSeconds: 300,
  healthRounds: 3,
  floodSeconds: 10,
};
const QUICK: Durations = {
  rounds: 2,
  warmup: 1,
  throughput: 3,
  latency: 2,
  memoryRounds: 3,
  memorySeconds: 5,
  startRounds: 2,
  bigLibrary: 100_000,
  transferRows: 100_000,
  soakSeconds: 30,
  healthRounds: 1,
  floodSeconds: 5,
};

export interface Options {
  quick: boolean;
  soak: boolean;
  /** Keep the temp data dir (for poking at it afterwards). */
  keep: boolean;
  /** Set up, print the URLs and serve until interrupted (for profiling). */
  serve: boolean;
  /** --only pages,start: just these steps (written to results-partial.json). */
  only: Set<Step> | null;
  p: Durations;
}

export const USAGE = `usage: npm run bench -- [--quick] [--soak] [--only ${STEPS.join(',')}] [--keep] [--serve]`;

/** Parses argv; throws with a message on anything it does not know. */
export function parseOptions(argv: string[]): Options {
  const args = [...argv];
  let only: Set<Step> | null = null;
  const i = args.indexOf('--only');
  if (i >= 0) {
    const names = (args[i + 1] ?? '').split(',');
    const unknown = names.filter((n) => !(STEPS as readonly string[]).includes(n));
    if (unknown.length) throw new Error(`--only takes step names (${STEPS.join(', ')}); not ${unknown.join(', ') || 'nothing'}`);
    only = new Set(names as Step[]);
    args.splice(i, 2);
  }
  const flags = new Set(['--quick', '--soak', '--keep', '--serve']);
  for (const a of args) if (!flags.has(a)) throw new Error(`unknown option ${a}\n${USAGE}`);
  const has = (f: string) => args.includes(f);
  if (only && (has('--soak') || has('--serve'))) throw new Error('--only picks steps; --soak and --serve run none of them');
  const quick = has('--quick');
  return { quick, soak: has('--soak'), keep: has('--keep'), serve: has('--serve'), only, p: quick ? QUICK : FULL };
}
