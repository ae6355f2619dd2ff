/**
 * A scenario trained in stages (ScenarioInput.stages, docs/model.md "Stages"): one model, each stage
 * its own data and, where it sets them, its own tokenizer, training and cluster, field by field over
 * the scenario's. Stages run one after another; the estimate sums them.
 *
 * A single-data scenario turns into one stage holding its data, and back while it has one stage
 * (the stage's own settings then become the scenario's). The input never holds both `data` and
 * `stages`, as the API requires.
 */
import type { ClusterInput, ScenarioInput, StageInput, TokenizerInput, TrainingInput } from '../api';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';
import { ClusterSection, DataSection, type SectionProps, TokenizerSection, TrainingSection } from './Parts';
import { TextField } from './fields';

type Override = 'tokenizer' | 'training' | 'cluster';
const OVERRIDES: { key: Override; name: string }[] = [
  { key: 'tokenizer', name: 'Tokenizer' },
  { key: 'training', name: 'Training' },
  { key: 'cluster', name: 'Cluster' },
];

/** The scenario's data as its one stage. */
export function toStages(input: ScenarioInput): ScenarioInput {
  const { data, ...rest } = input;
  return { ...rest, stages: [{ data: data ?? [] }] };
}

/** One stage back to the scenario's data: what the stage set itself overrides the scenario's, field by field. */
export function toSingle(input: ScenarioInput): ScenarioInput {
  const { stages, ...rest } = input;
  const stage = stages?.[0];
  if (!stage || stages.length !== 1) return input;
  const out: ScenarioInput = { ...rest, data: stage.data };
  const merge = <T extends object>(a: T | undefined, b: T | undefined): T | undefined => (a || b ? ({ ...(a ?? {}), ...(b ?? {}) } as T) : undefined);
  const tokenizer = merge<TokenizerInput>(input.tokenizer, stage.tokenizer);
  const training = merge<TrainingInput>(input.training, stage.training);
  const cluster = merge<ClusterInput>(input.cluster, stage.cluster);
  if (tokenizer) out.tokenizer = tokenizer;
  if (training) out.training = training;
  if (cluster) out.cluster = cluster;
  return out;
}

/** A stage's tokenizer, training or cluster: "inherits the scenario's" until set here. */
function StageOverride({ k, which, name, ...props }: SectionProps & { k: number; which: Override; name: string }) {
  const { input, onChange, issues } = props;
  const at = `stages[${k}].`;
  const own = getIn(input, `${at}${which}`) as Record<string, unknown> | undefined;
  const testId = `stage-${k}-${which}`;
  if (!own) {
    // A problem on a field the stage does not show is said here (it can only come from an edit elsewhere).
    const problem = issues.find((i) => i.path.startsWith(`${at}${which}`));
    return (
      <p class="inherits" data-testid={testId} data-inherits="true">
        <span>
          <strong>{name}</strong>: inherits the scenario's
        </span>
        <button
          type="button"
          class="link"
          onClick={() => onChange(setIn(input, `${at}${which}`, {}))}
          aria-label={`Set for this stage: the ${name.toLowerCase()} of stage ${k + 1}`}
        >
          set for this stage
        </button>
        {problem && <span class="problem">{problem.message}</span>}
      </p>
    );
  }
  const action = (
    <button
      type="button"
      class="link"
      onClick={() => onChange(setIn(input, `${at}${which}`, undefined))}
      aria-label={`Use the scenario's ${name.toLowerCase()} in stage ${k + 1}`}
    >
      use the scenario's
    </button>
  );
  const legend = `${name}, this stage's`;
  const Section = which === 'tokenizer' ? TokenizerSection : which === 'training' ? TrainingSection : ClusterSection;
  return (
    <div data-testid={testId} data-inherits="false">
      <Section {...props} at={at} legend={legend} action={action} />
    </div>
  );
}

function Stage({ k, count, ...props }: SectionProps & { k: number; count: number }) {
  const { input, onChange, issues } = props;
  const stages = input.stages as StageInput[];
  const stage = stages[k];
  const move = (to: number) => {
    const next = [...stages];
    [next[k], next[to]] = [next[to], next[k]];
    onChange({ ...input, stages: next });
  };
  const remove = () => onChange({ ...input, stages: stages.filter((_, j) => j !== k) });
  const own = issues.filter((i) => i.path === `stages[${k}]`);
  const title = `Stage ${k + 1}${stage.name ? ` · ${stage.name}` : ''}`;
  return (
    <fieldset class="stage" data-testid={`stage-${k}`} id={fieldId(`stages[${k}]`)} tabIndex={-1}>
      <legend>{title}</legend>
      <div class="stage-head">
        <TextField {...props} path={`stages[${k}].name`} label="Name" className="stage-name" placeholder="e.g. 256 px images" empty="absent" />
        <div class="stage-actions" role="group" aria-label={`Stage ${k + 1}`}>
          <button type="button" class="secondary small" disabled={k === 0} onClick={() => move(k - 1)} aria-label={`Move stage ${k + 1} up`} title="Earlier">
            ↑
          </button>
          <button
            type="button"
            class="secondary small"
            disabled={k === count - 1}
            onClick={() => move(k + 1)}
            aria-label={`Move stage ${k + 1} down`}
            title="Later"
          >
            ↓
          </button>
          <button type="button" class="secondary small danger" disabled={count === 1} onClick={remove} aria-label={`Remove stage ${k + 1}`} title="Remove">
            remove
          </button>
        </div>
      </div>
      {own.map((i) => (
        <p class="problem" key={i.message}>
          {i.message}
        </p>
      ))}
      <DataSection {...props} at={`stages[${k}].`} legend="Data" />
      {OVERRIDES.map((o) => (
        <StageOverride key={o.key} {...props} k={k} which={o.key} name={o.name} />
      ))}
    </fieldset>
  );
}

export function StagesSection(props: SectionProps) {
  const { input, onChange, issues } = props;
  const stages = input.stages ?? [];
  const own = issues.find((i) => i.path === 'stages');
  const add = () => {
    const last = stages[stages.length - 1];
    onChange({
      ...input,
      stages: [...stages, { data: JSON.parse(JSON.stringify(last?.data ?? [{ kind: 'IMAGE', steps: 1000, batchSize: 256, width: 256, height: 256 }])) }],
    });
  };
  return (
    <fieldset class="stages" data-testid="stages" id={fieldId('stages')} tabIndex={-1}>
      <legend>
        Stages <span class="legend-note">{stages.length}, one after another</span>
      </legend>
      <p class="hint">
        Each stage has its own data; its tokenizer, training and cluster are the scenario's (below) unless it sets its own, field by field. The estimate sums
        the stages, each on its own cluster.
      </p>
      {own && <p class="problem">{own.message}</p>}
      {stages.map((_, k) => (
        <Stage key={k} {...props} k={k} count={stages.length} />
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={add} data-testid="add-stage">
          + stage
        </button>
        {stages.length === 1 && (
          <button type="button" class="link" onClick={() => onChange(toSingle(input))} data-testid="to-single">
            back to one data list
          </button>
        )}
      </div>
    </fieldset>
  );
}
