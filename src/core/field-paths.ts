/**
 * Paths into a resolved scenario, for ranges and sweeps (docs/model.md, "Ranges", "Sweeps"):
 * `data[1].fps`, `cluster.gpuCount`, and with stages `stages[k].data[i].steps` and
 * `stages[k].cluster.gpuCount`. A scenario-level path of a staged scenario (`cluster.gpuCount`)
 * sets every stage that does not set that input itself, as the scenario's value does.
 */
import { defaultFfnSize, validateArchitecture } from './architecture';
import { NumberRule, POSITIVE, POSITIVE_INTEGER, SCALAR_FIELDS, SOURCE_FIELDS, ScalarHolder, SourceField, describeValue } from './fields';
import type { ModelArchitectureSpec, ResolvedDataSource, ResolvedEncoder, ResolvedScenario } from './types';

/** A numeric input of one resolved scenario, reachable by path. */
export interface FieldRef {
  path: string;
  rule: NumberRule;
  /** The data source the path names (`data[i].…`, `stages[k].data[i].…`): its stage and index. */
  source: { stage: number; index: number } | null;
  /** The stage `get` reads (0 without stages). */
  stage: number;
  get(r: ResolvedScenario): number | null;
  set(r: ResolvedScenario, v: number): void;
  /** A rule beyond `rule` that depends on other inputs (an architecture's hiddenSize must split into its heads): null when `v` is allowed. */
  check?(v: number): string | null;
}

const SOURCE_PATH = /^(?:stages\[(0|[1-9]\d*)\]\.)?data\[(0|[1-9]\d*)\]\.([A-Za-z]+)$/;
const ENCODER_PATH = /^model\.encoders\[(0|[1-9]\d*)\]\.([A-Za-z]+)$/;
const ARCHITECTURE_PATH = /^model\.architecture\.([A-Za-z]+)$/;
const STAGE_PATH = /^stages\[(0|[1-9]\d*)\]\.((?:tokenizer|training|cluster)\.[A-Za-z]+)$/;

/** Stage k's inputs as the scalar fields read them. */
const holder = (r: ResolvedScenario, k: number): ScalarHolder => {
  const st = r.stages[k];
  return { model: r.model, tokenizer: st.tokenizer, training: st.training, cluster: st.cluster };
};

/** The stage a path names (`stages[k].` or none), or why it cannot. */
function stageNamed(r: ResolvedScenario, stage: string | undefined, rest: string): number | string {
  if (stage === undefined) return r.staged ? `the scenario is trained in stages: name one, e.g. stages[0].${rest}` : 0;
  const k = Number(stage);
  if (!r.staged) return `names stages[${k}] but the scenario has no stages; use ${rest}`;
  if (k >= r.stages.length) {
    const n = r.stages.length;
    return `names stages[${k}] but the scenario has ${n} stage${n === 1 ? '' : 's'} (stages[0]..stages[${n - 1}])`;
  }
  return k;
}

/** Why `training.epochs` cannot vary on these stages: their steps × batchSize already count every pass. */
function epochsProblem(r: ResolvedScenario, path: string, stages: number[]): string | null {
  if (!path.endsWith('training.epochs')) return null;
  for (const k of stages) {
    const i = r.stages[k].data.findIndex((s) => s.count === null);
    if (i >= 0) return `${path} has no effect here: ${r.staged ? `stages[${k}].` : ''}data[${i}] gives steps × batchSize, which already count every pass`;
  }
  return null;
}

/** Why a source's field is not one of its inputs: it gives count or steps × batchSize, duration × fps or frames. */
function usageProblem(s: ResolvedDataSource, at: string, name: string): string | null {
  if (name === 'count' && s.count === null) return `${at} gives steps × batchSize, not count; use ${at}.steps or ${at}.batchSize`;
  if ((name === 'steps' || name === 'batchSize') && s.count !== null) return `${at} gives count, not steps × batchSize; use ${at}.count`;
  if (name === 'frames' && s.frames === null) return `${at} gives durationSeconds and fps, not frames`;
  if ((name === 'durationSeconds' || name === 'fps') && s.frames !== null) return `${at} gives frames, not durationSeconds and fps; use ${at}.frames`;
  return null;
}

/**
 * Looks `path` up among `allowed` (RANGEABLE_PATHS or SWEEPABLE_PATHS) for scenario `r`. Returns the
 * field, or a message saying why the path cannot be used.
 */
export function lookupField(path: unknown, r: ResolvedScenario, allowed: readonly string[]): FieldRef | string {
  const choices = `one of ${allowed.join(', ')}`;
  if (typeof path !== 'string') return `must be ${choices}; got ${describeValue(path)}`;
  const m = SOURCE_PATH.exec(path);
  if (m) {
    const [, stage, indexText, name] = m;
    if (!allowed.includes(`data[i].${name}`)) return `must be ${choices}; got ${JSON.stringify(path)}`;
    const k = stageNamed(r, stage, `data[${indexText}].${name}`);
    if (typeof k === 'string') return k;
    const index = Number(indexText);
    const data = r.stages[k].data;
    const prefix = r.staged ? `stages[${k}].` : '';
    const src: ResolvedDataSource | undefined = data[index];
    if (!src) {
      const whose = r.staged ? `stages[${k}]` : 'the scenario';
      return `names ${prefix}data[${index}] but ${whose} has ${data.length} data source${data.length === 1 ? '' : 's'} (${prefix}data[0]..${prefix}data[${data.length - 1}])`;
    }
    const key = name as SourceField;
    const def = SOURCE_FIELDS[key];
    if (!def.kinds.includes(src.kind)) return `${prefix}data[${index}] is a ${src.kind} source, which has no ${name}`;
    const problem = usageProblem(src, `${prefix}data[${index}]`, name);
    if (problem) return problem;
    return {
      path,
      rule: def.rule,
      source: { stage: k, index },
      stage: k,
      get: (x) => x.stages[k].data[index][key],
      set: (x, v) => {
        x.stages[k].data[index][key] = v;
      },
    };
  }
  const enc = ENCODER_PATH.exec(path);
  if (enc)
    return allowed.includes(`model.encoders[j].${enc[2]}`) ? encoderField(r, path, Number(enc[1]), enc[2]) : `must be ${choices}; got ${JSON.stringify(path)}`;
  const arch = ARCHITECTURE_PATH.exec(path);
  if (arch)
    return allowed.includes(path) ? architectureField(r, path, arch[1] as keyof ModelArchitectureSpec) : `must be ${choices}; got ${JSON.stringify(path)}`;
  const st = STAGE_PATH.exec(path);
  const base = st ? st[2] : path;
  const scalar = allowed.includes(base) ? SCALAR_FIELDS[base] : undefined;
  if (!scalar) return `must be ${choices}; got ${JSON.stringify(path)}`;
  if (r.model.architecture !== null && path.startsWith('model.')) {
    return `${path} has no effect on this scenario: its FLOPs are counted from model.architecture, whose own fields set the model`;
  }
  if (st) {
    const k = stageNamed(r, st[1], base);
    if (typeof k === 'string') return k;
    const problem = epochsProblem(r, path, [k]);
    if (problem) return problem;
    return { path, rule: scalar.rule, source: null, stage: k, get: (x) => scalar.get(holder(x, k)), set: (x, v) => scalar.set(holder(x, k), v) };
  }
  if (!r.staged || path.startsWith('model.')) {
    const problem = epochsProblem(r, path, [0]);
    if (problem) return problem;
    return { path, rule: scalar.rule, source: null, stage: 0, get: scalar.get, set: scalar.set };
  }
  // With stages: the stages that take the scenario's value.
  const inheritors = r.stages.filter((s) => !s.own.includes(path)).map((s) => s.index);
  if (inheritors.length === 0) return `${path} has no effect: every stage sets its own (stages[k].${path}); name one of them`;
  const problem = epochsProblem(r, path, inheritors);
  if (problem) return problem;
  return {
    path,
    rule: scalar.rule,
    source: null,
    stage: inheritors[0],
    get: (x) => scalar.get(holder(x, inheritors[0])),
    set: (x, v) => {
      for (const k of inheritors) scalar.set(holder(x, k), v);
    },
  };
}

type EncoderField = 'parameters' | 'tokensPerSample' | 'forwardFlopsPerSample' | 'forwardFlopsPerPixel';

/** `model.encoders[j].…`: a field the encoder's forward pass reads (its forwardFlopsPerSample, its forwardFlopsPerPixel, or its parameters and tokensPerSample). */
function encoderField(r: ResolvedScenario, path: string, j: number, name: string): FieldRef | string {
  const encoders = r.model.encoders;
  const e: ResolvedEncoder | undefined = encoders[j];
  if (!e) {
    const n = encoders.length;
    return n === 0
      ? `names model.encoders[${j}] but the scenario has no model.encoders`
      : `names model.encoders[${j}] but the scenario has ${n} encoder${n === 1 ? '' : 's'} (model.encoders[0]..model.encoders[${n - 1}])`;
  }
  const at = `model.encoders[${j}]`;
  if (e.precomputed) return `${path} has no effect: ${at} (${e.name}) is precomputed, so it adds no FLOPs`;
  // The fields of the one way the encoder's cost is given.
  const own: EncoderField[] =
    e.forwardFlopsPerPixel !== null
      ? ['forwardFlopsPerPixel']
      : e.forwardFlopsPerSample !== null
        ? ['forwardFlopsPerSample']
        : ['parameters', 'tokensPerSample'];
  if (!own.includes(name as EncoderField)) {
    const gives = own.length === 1 ? own[0] : 'parameters and tokensPerSample';
    return `${path} has no effect: ${at} gives ${gives}, not ${name}; use ${own.map((f) => `${at}.${f}`).join(' or ')}`;
  }
  const key = name as EncoderField;
  return {
    path,
    rule: POSITIVE,
    source: null,
    stage: 0,
    get: (x) => x.model.encoders[j][key],
    set: (x, v) => {
      x.model.encoders[j][key] = v;
    },
  };
}

/** `model.architecture.…`: an integer field of the architecture, each value checked with the others as validateArchitecture checks them. */
function architectureField(r: ResolvedScenario, path: string, key: keyof ModelArchitectureSpec): FieldRef | string {
  const a = r.model.architecture;
  if (a === null) return `${path} has no effect: the scenario has no model.architecture (its FLOPs are 6·N·D); use model.parameters`;
  const probe = validateArchitecture({ ...a, [key]: 1 }).find((i) => i.path === path);
  if (probe && /is not used by/.test(probe.message)) return `${path} ${probe.message}`;
  return {
    path,
    rule: POSITIVE_INTEGER,
    source: null,
    stage: 0,
    get: (x) => {
      const spec = x.model.architecture as ModelArchitectureSpec;
      // The value in force: an absent ffnSize or kvHeads is its default.
      if (key === 'ffnSize') return spec.ffnSize ?? defaultFfnSize(spec.hiddenSize, spec.gatedFfn === true);
      if (key === 'kvHeads') return spec.kvHeads ?? spec.heads;
      return (spec[key] as number | null | undefined) ?? null;
    },
    set: (x, v) => {
      (x.model.architecture as Record<string, unknown>)[key] = v;
    },
    check: (v) => {
      const issue = validateArchitecture({ ...a, [key]: v })[0];
      if (!issue) return null;
      return issue.path === path ? issue.message : `does not fit the architecture: ${issue.path} ${issue.message}`;
    },
  };
}

/**
 * A private, mutable copy for ranges and sweeps (the hardware entries are shared: they are never
 * written). The scenario's own data, tokenizer, training and cluster stay its first stage's.
 */
export function cloneResolved(r: ResolvedScenario): ResolvedScenario {
  const stages = r.stages.map((st) => ({
    ...st,
    data: st.data.map((s) => ({ ...s })),
    tokenizer: { ...st.tokenizer },
    training: { ...st.training },
    cluster: { ...st.cluster },
  }));
  const first = stages[0];
  return {
    ...r,
    model: {
      ...r.model,
      architecture: r.model.architecture === null ? null : { ...r.model.architecture },
      encoders: r.model.encoders.map((e) => ({ ...e })),
    },
    data: first.data,
    tokenizer: first.tokenizer,
    training: first.training,
    cluster: first.cluster,
    ranges: r.ranges.map((g) => ({ ...g })),
    assumptions: r.assumptions.map((a) => ({ ...a })),
    ignoredInputs: r.ignoredInputs.map((i) => ({ ...i })),
    stages,
  };
}
