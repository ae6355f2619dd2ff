/** The encoders part of resolveScenario: `model.encoders`, each a frozen component's forward cost per sample (encoders.ts). */
import { Assume, Issues, absent, add, bool, checkKeys, isObject, num } from './checks';
import { REASONS } from './defaults';
import { POSITIVE, describeValue } from './fields';
import type { InputIssue, ResolvedEncoder } from './types';
import { MAX_NAME_LENGTH } from './validate-stages';

/** At most 16 encoders: published systems use 1 to 4 (Movie Gen: UL2, ByT5, MetaCLIP and its TAE). */
export const MAX_ENCODERS = 16;
export const ENCODER_KEYS = ['name', 'parameters', 'tokensPerSample', 'forwardFlopsPerSample', 'precomputed'];

/** Every encoder of `raw` (at `model.encoders`); problems go to `issues`, defaults to `assume`, inputs without effect to `ignored`. */
export function readEncoders(raw: unknown, issues: Issues, assume: Assume, ignored: InputIssue[]): ResolvedEncoder[] {
  const path = 'model.encoders';
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(issues, path, `must be a list of encoders, each { name, parameters and tokensPerSample, or forwardFlopsPerSample }, got ${describeValue(raw)}`);
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
      add(issues, p, `must be an encoder object { name, parameters, tokensPerSample, forwardFlopsPerSample, precomputed }, got ${describeValue(item)}`);
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
    const precomputedIn = bool(item.precomputed, `${p}.precomputed`, issues);
    if (absent(item, 'precomputed')) assume(`${p}.precomputed`, false, REASONS.encoderPrecomputed);
    const precomputed = precomputedIn ?? false;
    const [hasP, hasT, hasF] = (['parameters', 'tokensPerSample', 'forwardFlopsPerSample'] as const).map((k) => !absent(item, k));
    const rule = 'the forward pass is 2 · parameters · tokensPerSample FLOPs per sample';
    if (!hasF) {
      if (!hasP && !hasT) add(issues, `${p}.forwardFlopsPerSample`, `is required unless parameters and tokensPerSample are given (${rule})`);
      else if (!hasT) add(issues, `${p}.tokensPerSample`, `is required with parameters (${rule}), unless forwardFlopsPerSample is given`);
      else if (!hasP) add(issues, `${p}.parameters`, `is required with tokensPerSample (${rule}), unless forwardFlopsPerSample is given`);
    } else {
      for (const k of ['parameters', 'tokensPerSample'] as const) {
        if (!absent(item, k))
          ignored.push({ path: `${p}.${k}`, message: `has no effect: forwardFlopsPerSample is given and is used instead of 2 · parameters · tokensPerSample` });
      }
    }
    if (issues.length === before && name !== null) out.push({ name, parameters, tokensPerSample, forwardFlopsPerSample: forward, precomputed });
  });
  return out;
}
