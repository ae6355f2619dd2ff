/**
 * The data part of resolveScenario: one list of sources (`data`, or a stage's `stages[k].data`), each
 * read with the rules of fields.ts. A source gives its size as `count` or as steps × batchSize, and a
 * VIDEO clip its length as durationSeconds × fps or as `frames` (docs/model.md, "Inputs").
 */
import { Assume, Issues, absent, add, checkKeys, isObject, num, oneOf } from './checks';
import { DEFAULTS, REASONS } from './defaults';
import { POSITIVE_INTEGER, SOURCE_FIELDS, describeValue } from './fields';
import { formatNumber } from './format';
import { framesPerClip } from './tokens';
import { DATA_KINDS, DataKind, InputIssue, ResolvedDataSource, TokenizationMethod } from './types';

export const MAX_DATA_SOURCES = 1_000;
export const SOURCE_KEYS = ['kind', 'count', 'steps', 'batchSize', 'width', 'height', 'channels', 'durationSeconds', 'fps', 'frames'];

/** Every source of `raw` (at `path`: `data` or `stages[k].data`), problems reported to `issues`. */
export function resolveSources(
  raw: unknown,
  path: string,
  method: TokenizationMethod,
  issues: Issues,
  assume: Assume,
  ignored: InputIssue[],
): ResolvedDataSource[] {
  const data: ResolvedDataSource[] = [];
  if (!Array.isArray(raw)) {
    add(
      issues,
      path,
      raw === undefined || raw === null
        ? 'is required: a list of at least one data source (IMAGE, VIDEO or TEXT)'
        : `must be a list of data sources, got ${describeValue(raw)}`,
    );
    return data;
  }
  if (raw.length === 0) add(issues, path, 'must contain at least one data source (IMAGE, VIDEO or TEXT), got an empty list');
  else if (raw.length > MAX_DATA_SOURCES) add(issues, path, `must contain at most ${MAX_DATA_SOURCES} data sources, got ${raw.length}`);
  else raw.forEach((item: unknown, i: number) => readSource(item, `${path}[${i}]`, method, issues, assume, ignored, data));
  return data;
}

function readSource(
  raw: unknown,
  p: string,
  method: TokenizationMethod,
  issues: Issues,
  assume: Assume,
  ignored: InputIssue[],
  data: ResolvedDataSource[],
): void {
  if (!isObject(raw)) {
    add(issues, p, `must be a data source object with kind and count, got ${describeValue(raw)}`);
    return;
  }
  checkKeys(raw, SOURCE_KEYS, p, issues);
  const k = oneOf<DataKind>(raw.kind, `${p}.kind`, DATA_KINDS, issues);
  if (absent(raw, 'kind')) add(issues, `${p}.kind`, `is required: one of ${DATA_KINDS.join(', ')}`);

  // Size: count, or steps × batchSize (samples seen), never both.
  const bySteps = !absent(raw, 'steps') || !absent(raw, 'batchSize');
  let count: number | null = null;
  let steps: number | null = null;
  let batchSize: number | null = null;
  if (bySteps) {
    if (!absent(raw, 'count')) add(issues, `${p}.count`, 'give either count or steps and batchSize, not both (samples seen = steps × batchSize)');
    steps = num(raw, 'steps', `${p}.steps`, POSITIVE_INTEGER, issues, 'with batchSize (samples seen = steps × batchSize)');
    const per = k === 'TEXT' ? 'sequences of sequenceLength tokens per step' : 'samples per step';
    batchSize = num(raw, 'batchSize', `${p}.batchSize`, POSITIVE_INTEGER, issues, `with steps (${per})`);
  } else {
    count = num(raw, 'count', `${p}.count`, POSITIVE_INTEGER, issues, k === 'TEXT' ? '(the number of text tokens)' : '(the number of items)');
  }

  const media = k === 'IMAGE' || k === 'VIDEO';
  const byFrames = k === 'VIDEO' && !absent(raw, 'frames');
  const field = (key: keyof typeof SOURCE_FIELDS): number | null => {
    const applies = k !== null && SOURCE_FIELDS[key].kinds.includes(k);
    const timed = key === 'durationSeconds' || key === 'fps';
    const required =
      applies && key !== 'channels' && key !== 'frames' && !(timed && byFrames) ? `for ${k} sources${timed ? ' (or give frames)' : ''}` : undefined;
    const v = num(raw, key, `${p}.${key}`, SOURCE_FIELDS[key].rule, issues, required);
    if (v !== null && k !== null && !applies) ignored.push({ path: `${p}.${key}`, message: `is not used by ${k} sources and was ignored` });
    return applies ? v : null;
  };
  const width = field('width');
  const height = field('height');
  const channelsIn = field('channels');
  const frames = field('frames');
  const durationSeconds = field('durationSeconds');
  const fps = field('fps');
  if (byFrames) {
    // Frames as papers give them (129, 81, 49) replace durationSeconds × fps; both would be ambiguous.
    for (const key of ['durationSeconds', 'fps']) {
      if (!absent(raw, key))
        add(issues, `${p}.${key}`, `give either frames or durationSeconds and fps, not both (frames = ${formatNumber(frames ?? NaN)} here)`);
    }
  } else if (k === 'VIDEO' && durationSeconds !== null && fps !== null) {
    const n = framesPerClip(durationSeconds, fps);
    if (!(n >= 1)) {
      add(issues, `${p}.fps`, `durationSeconds × fps must round to at least 1 frame; ${formatNumber(durationSeconds)} s × ${formatNumber(fps)} fps gives ${n}`);
    }
  }
  if (media && channelsIn === null && method === 'SEED_2024') {
    assume(`${p}.channels`, DEFAULTS.channels, REASONS.channels);
  } else if (media && channelsIn !== null && method !== 'SEED_2024') {
    ignored.push({ path: `${p}.channels`, message: `is not used by ${method} tokenization (patches do not depend on channels) and was ignored` });
  }
  data.push({
    kind: k ?? 'TEXT',
    count: bySteps ? null : (count ?? NaN),
    steps,
    batchSize,
    width,
    height,
    channels: channelsIn ?? DEFAULTS.channels,
    durationSeconds: byFrames ? null : durationSeconds,
    fps: byFrames ? null : fps,
    frames: byFrames ? frames : null,
  });
}
