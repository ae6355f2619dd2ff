/**
 * A soak's phases (targets/soak.ts): what each phase's answers, RSS samples, /healthz
 * probes and the kernel's listen-queue overflows were, each counted in the phase it began in.
 */
import type { ProbeSample } from './probe';
import { probeSummary } from './probe';
import { listenOverflows, rss } from './server';
import { mb, median, now, quantile, round } from './stats';

/** The answers of one phase: latencies (all and by request), non-2xx answers, GraphQL errors. */
export class Answers {
  latencies: number[] = [];
  byLabel: Record<string, number[]> = {};
  non2xx = 0;
  gqlErrors = 0;
  add(label: string, status: number, ms: number, gqlError: boolean) {
    this.latencies.push(ms);
    (this.byLabel[label] ??= []).push(ms);
    if (status < 200 || status > 299) this.non2xx++;
    if (gqlError) this.gqlErrors++;
  }
  summary(seconds: number) {
    const q = (xs: number[]) => ({ p50Ms: round(quantile(xs, 0.5)), p99Ms: round(quantile(xs, 0.99)) });
    const l = this.latencies;
    return {
      seconds: round(seconds),
      requests: l.length,
      rps: round(l.length / seconds),
      ...q(l),
      non2xx: this.non2xx,
      graphqlErrors: this.gqlErrors,
      perRequest: Object.fromEntries(Object.entries(this.byLabel).map(([k, xs]) => [k, q(xs)])),
    };
  }
}

/** The median of the last third of `xs` over the first third's, minus 1 (the soak's RSS trend). */
export function trend(xs: number[]): number {
  const third = Math.max(1, Math.floor(xs.length / 3));
  const early = median(xs.slice(0, third));
  return (median(xs.slice(-third)) - early) / early;
}

export class Timeline<P extends string> {
  readonly t0 = now();
  phase: P;
  private readonly began: { at: number; phase: P }[];
  readonly answers = {} as Record<P, Answers>;
  readonly overflows = {} as Record<P, number>;
  readonly samples: { atSeconds: number; phase: P; rssMB: number }[] = [];
  private mark = listenOverflows();
  private readonly sampler: NodeJS.Timeout;

  /** Samples the RSS of `pid` every `everyMs` from now, in phase `first`. */
  constructor(
    first: P,
    private readonly pid: number,
    everyMs: number,
  ) {
    this.phase = first;
    this.began = [{ at: 0, phase: first }];
    this.answers[first] = new Answers();
    this.overflows[first] = 0;
    this.sampler = setInterval(() => this.sample(), everyMs);
  }

  /** ms since the timeline began. */
  at = () => now() - this.t0;

  enter(next: P) {
    const o = listenOverflows();
    this.overflows[this.phase] += o - this.mark;
    this.mark = o;
    this.phase = next;
    this.answers[next] ??= new Answers();
    this.overflows[next] ??= 0;
    this.began.push({ at: this.at(), phase: next });
  }

  /** The phase a moment (ms since the timeline began) fell in. */
  phaseAt = (at: number) => this.began.filter((b) => b.at <= at).pop()!.phase;

  /** Seconds `phase` lasted (all its spells). */
  seconds(phase: P, end = this.at()): number {
    return this.began.reduce((s, b, i) => s + (b.phase === phase ? (this.began[i + 1]?.at ?? end) - b.at : 0), 0) / 1000;
  }

  sample() {
    try {
      this.samples.push({ atSeconds: Math.round(this.at() / 1000), phase: this.phase, rssMB: mb(rss(this.pid)) });
    } catch {
      // the process is gone: the soak reports it
    }
  }

  stop() {
    clearInterval(this.sampler);
    this.enter(this.phase);
    this.sample();
  }

  rssOf = (phase: P) => this.samples.filter((x) => x.phase === phase).map((x) => x.rssMB);
  probes = (xs: ProbeSample[], phase: P) => probeSummary(xs.filter((x) => this.phaseAt(x.at) === phase));
}
