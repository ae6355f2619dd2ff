/** The encoders part of resolveScenario: `model.encoders`, each a frozen component's forward cost per sample (encoders.ts). */
import { Assume, Issues, absent, add, bool, checkKeys, isObject, num } from './checks';
import { REASONS } from './defaults';
import { POSITIVE, describeValue } from './fields';
import type { ResolvedEncoder } from './types';
import { MAX_NAME_LENGTH } from './validate-stages';

/** At most 16 encoders: published systems use 1 to 4 (Movie Gen: UL2, ByT5, MetaCLIP and its TAE). */
export const MAX_ENCODERS = 16;
export const ENCODER_KEYS = ['name', 'parameters', 'tokensPerSample', 'forwardFlopsPerSample', 'forwardFlopsPerPixel', 'precomputed'];

/** The three ways an encoder's forward cost is given, of which exactly one. */
const ENCODER_COST_WAYS = [
  'parameters with tokensPerSample (2 · parameters · tokensPerSample per sample)',
  'forwardFlopsPerSample',
  'forwardFlopsPerPixel (× width × height × frames of each sample)',
];

/** Every encoder of `raw` (at `model.encoders`); problems go to `issues`, defaults to `assume`. */
export function readEncoders(raw: unknown, issues: Issues, assume: Assume): ResolvedEncoder[] {
  const path = 'model.encoders';
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(
      issues,
      path,
      `must be a list of encoders, each { name, and parameters with tokensPerSample, or forwardFlopsPerSample, or forwardFlopsPerPixel }, got ${describeValue(raw)}`,
    );
    return [];
  }
  if (raw.length > MAX_ENCODERS) {
    add(issues, path, `must contain at most ${MAX_ENCODERS} encoders, got ${raw.length}`);
    return [];
  }
  const out: ResolvedEncoder[] = [];
  raw.forEach((item: unknown, j: number) => {
    const p = `${path}[${j}]`;
    if (!isObject(item)) {
      add(
        issues,
        p,
        `must be an encoder object { name, parameters, tokensPerSample, forwardFlopsPerSample, forwardFlopsPerPixel, precomputed }, got ${describeValue(item)}`,
      );
      return;
    }
    checkKeys(item, ENCODER_KEYS, p, issues);
    const before = issues.length;
    let name: string | null = null;
    if (absent(item, 'name')) add(issues, `${p}.name`, 'is required: what the encoder is, e.g. "T5-XXL"');
    else if (typeof item.name !== 'string' || item.name.trim() === '') add(issues, `${p}.name`, `must be a non-empty string, got ${describeValue(item.name)}`);
    else if (item.name.length > MAX_NAME_LENGTH) add(issues, `${p}.name`, `must be at most ${MAX_NAME_LENGTH} characters, got ${item.name.length}`);
    else name = item.name;
    const parameters = num(item, 'parameters', `${p}.parameters`, POSITIVE, issues);
    const tokensPerSample = num(item, 'tokensPerSample', `${p}.tokensPerSample`, POSITIVE, issues);
    const forward = num(item, 'forwardFlopsPerSample', `${p}.forwardFlopsPerSample`, POSITIVE, issues);
    const perPixel = num(item, 'forwardFlopsPerPixel', `${p}.forwardFlopsPerPixel`, POSITIVE, issues);
    const precomputedIn = bool(item.precomputed, `${p}.precomputed`, issues);
    if (absent(item, 'precomputed')) assume(`${p}.precomputed`, false, REASONS.encoderPrecomputed);
    const precomputed = precomputedIn ?? false;
    const [hasP, hasT, hasF, hasX] = (['parameters', 'tokensPerSample', 'forwardFlopsPerSample', 'forwardFlopsPerPixel'] as const).map((k) => !absent(item, k));
    // Exactly one way of giving the cost: (parameters, tokensPerSample), forwardFlopsPerSample or forwardFlopsPerPixel.
    const given = [hasP || hasT, hasF, hasX];
    if (given.filter(Boolean).length > 1) {
      // Named at the later of the ways given, in the order listed.
      const second = given.lastIndexOf(true);
      const field = second === 1 ? 'forwardFlopsPerSample' : 'forwardFlopsPerPixel';
      const others = ['parameters/tokensPerSample', 'forwardFlopsPerSample'].filter((_, w) => given[w] && w !== second).join(' and ');
      add(issues, `${p}.${field}`, `is given beside ${others}: give exactly one way of the encoder's cost, ${ENCODER_COST_WAYS.join(', or ')}`);
    } else if (!hasF && !hasX) {
      const rule = 'the forward pass is 2 · parameters · tokensPerSample FLOPs per sample';
      if (!hasP && !hasT)
        add(
          issues,
          `${p}.forwardFlopsPerSample`,
          `is required unless parameters and tokensPerSample (${rule}) or forwardFlopsPerPixel (a convolutional encoder's) are given`,
        );
      else if (!hasT)
        add(issues, `${p}.tokensPerSample`, `is required with parameters (${rule}), unless forwardFlopsPerSample or forwardFlopsPerPixel is given instead`);
      else if (!hasP)
        add(issues, `${p}.parameters`, `is required with tokensPerSample (${rule}), unless forwardFlopsPerSample or forwardFlopsPerPixel is given instead`);
    }
    if (issues.length === before && name !== null)
      out.push({ name, parameters, tokensPerSample, forwardFlopsPerSample: forward, forwardFlopsPerPixel: perPixel, precomputed });
  });
  return out;
}
