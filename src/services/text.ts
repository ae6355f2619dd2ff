import { badInput } from './errors';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Free text bound for a database column: trimmed, within `max` characters, free of NUL and of
 * lone surrogates — which PostgreSQL cannot store and would turn into a server error.
 */
export function checkText(value: unknown, field: string, max: number, opts: { required?: boolean } = {}): string | null {
  if (value === null || value === undefined) {
    if (opts.required) throw badInput(field, `${field.split('.').pop()} is required (1 to ${max} characters)`);
    return null;
  }
  if (typeof value !== 'string') throw badInput(field, `must be text of at most ${max} characters`);
  const text = value.trim();
  if (opts.required && text.length === 0) throw badInput(field, `${field.split('.').pop()} is required (1 to ${max} characters)`);
  if (text.length > max) throw badInput(field, `must be at most ${max.toLocaleString('en-US')} characters, got ${text.length.toLocaleString('en-US')}`);
  if (text.includes('\u0000')) throw badInput(field, 'must not contain the NUL character (\\u0000)');
  if (LONE_SURROGATE.test(text)) throw badInput(field, 'must be valid Unicode text (it contains a lone UTF-16 surrogate)');
  return text;
}

/** How long each kind of free text may be, in characters: the same rule wherever it is written. */
export const TEXT_LIMITS = {
  name: 200,
  description: 10_000,
  tag: 100,
  /** Tags per scenario. */
  tags: 50,
  source: 1000,
  /** A search text in a filter. */
  search: 200,
  /** A version's change note (updateScenario, restoreScenarioRevision). */
  note: 500,
} as const;
