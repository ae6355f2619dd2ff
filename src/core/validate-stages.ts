/**
 * The stages part of resolveScenario (docs/model.md, "Stages"): a scenario gives `data` (one stage,
 * its settings the scenario's own) or `stages`, never both. Each stage's tokenizer, training and
 * cluster are the scenario's, overridden field by field by the stage's own; the model is the
 * scenario's (one model, trained in stages). A problem, a default or an ignored input is reported once,
 * at the path that set it: `stages[1].cluster.gpuCount` when the stage sets it, else `cluster.gpuCount`.
 */
import { Assume, Bag, Issues, absent, add, checkKeys, isObject, optionalObject, text } from './checks';
import { describeValue } from './fields';
import { CoreContext, InputIssue, ResolvedStage } from './types';
import { MAX_DATA_SOURCES } from './validate-data';
import { CLUSTER_KEYS, Section, StageInput, StageModel, TOKENIZER_KEYS, TRAINING_KEYS, resolveStage } from './validate-stage';

export const MAX_NAME_LENGTH = 200;
/** At most 100 stages (published recipes have 2 to 5). */
export const MAX_STAGES = 100;
const STAGE_KEYS = ['name', 'data', 'tokenizer', 'training', 'cluster'];
const SECTION_KEYS: Record<Section, string[]> = { tokenizer: TOKENIZER_KEYS, training: TRAINING_KEYS, cluster: CLUSTER_KEYS };
const SECTIONS: Section[] = ['tokenizer', 'training', 'cluster'];

export function resolveStages(
  root: Bag,
  m: StageModel,
  ctx: CoreContext,
  issues: Issues,
  assume: Assume,
  ignoredInputs: InputIssue[],
): { stages: ResolvedStage[]; staged: boolean } {
  if (absent(root, 'stages')) {
    const input: StageInput = {
      index: 0,
      name: null,
      data: root.data,
      dataPath: 'data',
      tokenizer: () => optionalObject(root.tokenizer, 'tokenizer', TOKENIZER_KEYS, issues),
      training: () => optionalObject(root.training, 'training', TRAINING_KEYS, issues),
      cluster: () => optionalObject(root.cluster, 'cluster', CLUSTER_KEYS, issues),
      prefix: '',
      own: [],
    };
    return { stages: [resolveStage(input, m, ctx, issues, assume, ignoredInputs)], staged: false };
  }
  const placeholder = (): { stages: ResolvedStage[]; staged: boolean } => ({ stages: [unchecked(m, ctx)], staged: true });
  if (!absent(root, 'data')) add(issues, 'data', 'give either data or stages, not both: with stages, each stage lists its own data (stages[k].data)');
  const scenario: Record<Section, Bag> = {
    tokenizer: optionalObject(root.tokenizer, 'tokenizer', TOKENIZER_KEYS, issues),
    training: optionalObject(root.training, 'training', TRAINING_KEYS, issues),
    cluster: optionalObject(root.cluster, 'cluster', CLUSTER_KEYS, issues),
  };
  const raw = root.stages;
  if (!Array.isArray(raw)) {
    add(issues, 'stages', `must be a list of stages, each { name, data, tokenizer, training, cluster }, got ${describeValue(raw)}`);
    return placeholder();
  }
  if (raw.length === 0) {
    add(issues, 'stages', 'must contain at least one stage, got an empty list (or give data instead of stages)');
    return placeholder();
  }
  if (raw.length > MAX_STAGES) {
    add(issues, 'stages', `must contain at most ${MAX_STAGES} stages, got ${raw.length}`);
    return placeholder();
  }
  const sources = raw.reduce((n: number, st: unknown) => n + (isObject(st) && Array.isArray(st.data) ? st.data.length : 0), 0);
  if (sources > MAX_DATA_SOURCES) {
    add(issues, 'stages', `must contain at most ${MAX_DATA_SOURCES} data sources in all, got ${sources}`);
    return placeholder();
  }

  const ignoredBy: InputIssue[][] = [];
  const stages = raw.map((item: unknown, k: number): ResolvedStage => {
    const p = `stages[${k}]`;
    ignoredBy.push([]);
    if (!isObject(item)) {
      add(issues, p, `must be a stage object with data (and optionally name, tokenizer, training, cluster), got ${describeValue(item)}`);
      return unchecked(m, ctx);
    }
    checkKeys(item, STAGE_KEYS, p, issues);
    const name = text(item.name, `${p}.name`, MAX_NAME_LENGTH, issues);
    const own: string[] = [];
    const bags = {} as Record<Section, Bag>;
    for (const section of SECTIONS) {
      const mine = optionalObject(item[section], `${p}.${section}`, SECTION_KEYS[section], issues);
      const merged: Bag = { ...scenario[section] };
      for (const key of SECTION_KEYS[section]) {
        if (absent(mine, key)) continue;
        merged[key] = mine[key];
        own.push(`${section}.${key}`);
      }
      bags[section] = merged;
    }
    const input: StageInput = {
      index: k,
      name,
      data: item.data,
      dataPath: `${p}.data`,
      tokenizer: () => bags.tokenizer,
      training: () => bags.training,
      cluster: () => bags.cluster,
      prefix: `${p}.`,
      own,
    };
    return resolveStage(input, m, ctx, issues, assume, ignoredBy[k]);
  });

  reportIgnored(stages, ignoredBy, ignoredInputs);
  // A setting of the scenario's that every stage sets for itself has no effect.
  for (const section of SECTIONS) {
    for (const key of SECTION_KEYS[section]) {
      const path = `${section}.${key}`;
      if (!absent(scenario[section], key) && stages.every((st) => st.own.includes(path))) {
        ignoredInputs.push({ path, message: `is set by every stage itself (stages[k].${path}) and was ignored` });
      }
    }
  }
  samePatch(stages, m, issues);
  return { stages, staged: true };
}

/**
 * Inputs a stage found no use for: its own are reported as they are; one of the scenario's only
 * when every stage that inherits it has no use for it either (an image stage uses the patch a text
 * stage ignores).
 */
function reportIgnored(stages: ResolvedStage[], ignoredBy: InputIssue[][], out: InputIssue[]): void {
  const seen = new Map<string, { issue: InputIssue; stages: number }>();
  for (const list of ignoredBy) {
    for (const issue of list) {
      const entry = seen.get(issue.path);
      if (entry) entry.stages += 1;
      else seen.set(issue.path, { issue, stages: 1 });
    }
  }
  for (const [path, { issue, stages: count }] of seen) {
    const inheritors = path.startsWith('stages[') ? 1 : stages.filter((st) => !st.own.includes(path)).length;
    if (count >= inheritors) out.push(issue);
  }
}

/** One model has one patch embedding: with a diffusion architecture, every stage with media patches alike. */
function samePatch(stages: ResolvedStage[], m: StageModel, issues: Issues): void {
  const a = m.modelIn.architecture;
  if (!m.hasArchitecture || !isObject(a) || a.family === 'DECODER') return;
  const media = stages.filter((st) => st.data.some((d) => d.kind !== 'TEXT'));
  for (const st of media.slice(1)) {
    for (const key of ['patchSize', 'temporalPatchSize'] as const) {
      const [want, got] = [media[0].tokenizer[key], st.tokenizer[key]];
      if (want === got) continue;
      const path = st.own.includes(`tokenizer.${key}`) ? `stages[${st.index}].tokenizer.${key}` : `tokenizer.${key}`;
      add(
        issues,
        path,
        `must be the same in every stage of one model.architecture (one patch embedding): stages[${media[0].index}] uses ${want}, stages[${st.index}] ${got}`,
      );
    }
  }
}

/** A stand-in for a stage that could not be read (its problems already reported): resolving stops before anything is computed. */
function unchecked(m: StageModel, ctx: CoreContext): ResolvedStage {
  const none = (): Bag => ({});
  const input: StageInput = { index: 0, name: null, data: [], dataPath: 'data', tokenizer: none, training: none, cluster: none, prefix: '', own: [] };
  return resolveStage(input, m, ctx, [], () => undefined, []);
}
