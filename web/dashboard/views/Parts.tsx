/**
 * The parts of a scenario that a training stage overrides: data, tokenizer, training and cluster.
 * Each section reads and writes under a path prefix `at` ('' for the scenario itself,
 * `stages[k].` for a stage), so that the scenario and its stages share one form.
 *
 * In a stage, an empty field inherits the scenario's value field by field (as the API resolves a
 * stage, docs/model.md "Stages"): its placeholder says what it inherits ("scenario: 8").
 */
import type { ComponentChildren } from 'preact';
import type { ClusterInput, DataKind, DataSourceInput, Issue, Method, Precision, Recomputation, ScenarioInput } from '../api';
import { useShared } from '../context';
import { formatCompact, toField } from '../format';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';
import { NumberField, SelectField } from './fields';

export const METHODS: { value: Method; label: string }[] = [
  { value: 'LATENT', label: 'LATENT: VAE, then latent patches' },
  { value: 'PIXEL', label: 'PIXEL: ViT patches of pixels' },
  { value: 'SEED_2024', label: 'SEED_2024: the 2024 article' },
];
const PRECISIONS: Precision[] = ['BF16', 'FP16', 'FP8', 'TF32', 'FP32'];
const KINDS: DataKind[] = ['VIDEO', 'IMAGE', 'TEXT'];
const RECOMPUTATIONS: { value: Recomputation; label: string }[] = [
  { value: 'NONE', label: 'NONE: activations kept' },
  { value: 'SELECTIVE', label: 'SELECTIVE: attention cores again' },
  { value: 'FULL', label: 'FULL: every block forward again' },
];

export interface SectionProps {
  input: ScenarioInput;
  issues: Issue[];
  onChange(input: ScenarioInput): void;
}

/** A section of the input that a stage can override: its paths start with `at`. */
export interface PartProps extends SectionProps {
  at: string;
  /** The section's title (default: its name). */
  legend?: ComponentChildren;
  /** Shown beside the title: a stage's "use the scenario's". */
  action?: ComponentChildren;
}

/** The value a stage inherits for `path` (the scenario's own), or the default. */
function inherited(input: ScenarioInput, at: string, path: string, fallback: string | undefined): string | undefined {
  if (!at) return fallback;
  const v = getIn(input, path);
  const shown = typeof v === 'number' ? toField(v) : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : fallback;
  return shown === undefined ? undefined : `scenario: ${shown}`;
}

/** A number field of a part: f(path under `at`, label, default?, hint?); in a stage the placeholder is what it inherits. */
function numberFields({ input, issues, onChange, at }: PartProps) {
  return (path: string, label: string, fallback?: string, hint?: string) => (
    <NumberField
      input={input}
      path={`${at}${path}`}
      label={label}
      placeholder={inherited(input, at, path, fallback)}
      hint={hint}
      issues={issues}
      onChange={onChange}
    />
  );
}

/** A select's empty choice: the default, or in a stage the scenario's value. */
function emptyChoice(input: ScenarioInput, at: string, path: string, fallback: string): string {
  if (!at) return `default (${fallback})`;
  const v = getIn(input, path);
  return `scenario's (${typeof v === 'string' ? v : fallback})`;
}

function Legend({ legend, action, fallback }: { legend?: ComponentChildren; action?: ComponentChildren; fallback: string }) {
  return (
    <legend>
      {legend ?? fallback}
      {action && <span class="legend-action">{action}</span>}
    </legend>
  );
}

function amount(n: number | undefined): string {
  return n === undefined ? '?' : formatCompact(n);
}

/** One line for a source: "10k steps × 1.5k images 256×256", "1M clips 1280×720, 129 frames". */
export function describeSource(s: DataSourceInput): string {
  const stepped = s.steps !== undefined || s.batchSize !== undefined;
  const size = stepped ? `${amount(s.steps)} steps × ${amount(s.batchSize)}` : amount(s.count);
  if (s.kind === 'TEXT') return stepped ? `${size} sequences` : `${size} text tokens`;
  const px = s.width && s.height ? ` ${s.width}×${s.height}` : '';
  if (s.kind === 'IMAGE') return `${size} images${px}`;
  const length = s.frames !== undefined ? `, ${s.frames} frames` : `${s.durationSeconds ? `, ${s.durationSeconds} s` : ''}${s.fps ? ` at ${s.fps} fps` : ''}`;
  return `${size} clips${px}${length}`;
}

/** A source turned into another kind keeps only the inputs that kind has (how many it has stays). */
export function changeKind(s: DataSourceInput, kind: DataKind): DataSourceInput {
  const { count, steps, batchSize, width, height, channels, durationSeconds, fps, frames } = s;
  const size: DataSourceInput = { kind };
  if (count !== undefined) size.count = count;
  if (steps !== undefined) size.steps = steps;
  if (batchSize !== undefined) size.batchSize = batchSize;
  if (kind === 'TEXT') return size;
  const media: DataSourceInput = { ...size, width: width ?? 1024, height: height ?? 1024 };
  if (channels !== undefined) media.channels = channels;
  if (kind === 'VIDEO') Object.assign(media, frames !== undefined ? { frames } : { durationSeconds: durationSeconds ?? 10, fps: fps ?? 24 });
  return media;
}

/** How a source says how many samples it has: a count (one epoch of items or tokens) or steps × batch size. */
function toSteps(s: DataSourceInput): DataSourceInput {
  const { count, ...rest } = s;
  const batchSize = 256;
  // A TEXT count is tokens; a step then holds batchSize sequences of (by default) 2,048 tokens.
  const samples = s.kind === 'TEXT' ? (count ?? 0) / 2048 : (count ?? 0);
  return { ...rest, steps: Math.max(1, Math.round(samples / batchSize)), batchSize };
}

function toCount(s: DataSourceInput): DataSourceInput {
  const { steps, batchSize, ...rest } = s;
  const samples = (steps ?? 1) * (batchSize ?? 1);
  return { ...rest, count: s.kind === 'TEXT' ? samples * 2048 : samples };
}

/** A clip's length: seconds × fps, or frames as papers give them (129, 81, 49). */
function toFrames(s: DataSourceInput): DataSourceInput {
  const { durationSeconds, fps, ...rest } = s;
  return { ...rest, frames: Math.max(1, Math.round((durationSeconds ?? 5) * (fps ?? 24))) };
}

function toSeconds(s: DataSourceInput): DataSourceInput {
  const { frames, ...rest } = s;
  return { ...rest, durationSeconds: Number(((frames ?? 120) / 24).toPrecision(4)), fps: 24 };
}

function ChoiceSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}) {
  return (
    <label class="field">
      <span class="label">{label}</span>
      <select data-choice={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DataSection(props: PartProps) {
  const { input, onChange, issues, at } = props;
  const f = numberFields({ ...props, at: '' });
  const path = `${at}data`;
  const sources = (getIn(input, path) as DataSourceInput[] | undefined) ?? [];
  const setSources = (data: DataSourceInput[]) => onChange(setIn(input, path, data));
  const setSource = (i: number, s: DataSourceInput) => setSources(sources.map((x, j) => (j === i ? s : x)));
  const own = issues.find((i) => i.path === path);
  return (
    <fieldset class="data">
      <Legend legend={props.legend} action={props.action} fallback="Data" />
      {own && <p class="problem">{own.message}</p>}
      {sources.map((s, i) => {
        const p = `${path}[${i}]`;
        const stepped = s.steps !== undefined || s.batchSize !== undefined;
        const framed = s.frames !== undefined;
        const items = s.kind === 'TEXT' ? 'Tokens' : s.kind === 'IMAGE' ? 'Images' : 'Clips';
        return (
          <div class="source" key={i} data-source={p}>
            <div class="source-head">
              <strong>
                data[{i}] · {describeSource(s)}
              </strong>
              {sources.length > 1 && (
                <button type="button" class="link" onClick={() => setSources(sources.filter((_, j) => j !== i))} title="Remove this data source">
                  remove
                </button>
              )}
            </div>
            <div class="grid">
              <label class="field">
                <span class="label">Kind</span>
                <select
                  id={fieldId(`${p}.kind`)}
                  value={s.kind}
                  onChange={(e) => setSource(i, changeKind(s, (e.target as HTMLSelectElement).value as DataKind))}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </label>
              <ChoiceSelect
                id={`${p}.size`}
                label="Size given as"
                value={stepped ? 'steps' : 'count'}
                options={[
                  { value: 'count', label: s.kind === 'TEXT' ? 'tokens' : 'a count' },
                  { value: 'steps', label: 'steps × batch' },
                ]}
                onChange={(v) => setSource(i, v === 'steps' ? toSteps(s) : toCount(s))}
              />
              {!stepped && f(`${p}.count`, items)}
              {stepped && f(`${p}.steps`, 'Steps')}
              {stepped && f(`${p}.batchSize`, s.kind === 'TEXT' ? 'Sequences per step' : 'Batch size')}
              {s.kind !== 'TEXT' && f(`${p}.width`, 'Width px')}
              {s.kind !== 'TEXT' && f(`${p}.height`, 'Height px')}
              {s.kind !== 'TEXT' && f(`${p}.channels`, 'Channels', '3')}
              {s.kind === 'VIDEO' && (
                <ChoiceSelect
                  id={`${p}.length`}
                  label="Clip length as"
                  value={framed ? 'frames' : 'seconds'}
                  options={[
                    { value: 'seconds', label: 'seconds × fps' },
                    { value: 'frames', label: 'frames' },
                  ]}
                  onChange={(v) => setSource(i, v === 'frames' ? toFrames(s) : toSeconds(s))}
                />
              )}
              {s.kind === 'VIDEO' && framed && f(`${p}.frames`, 'Frames per clip')}
              {s.kind === 'VIDEO' && !framed && f(`${p}.durationSeconds`, 'Seconds per clip')}
              {s.kind === 'VIDEO' && !framed && f(`${p}.fps`, 'Frames per second')}
            </div>
          </div>
        );
      })}
      <div class="row">
        <button type="button" class="secondary" onClick={() => setSources([...sources, { kind: 'IMAGE', count: 1e6, width: 1024, height: 1024 }])}>
          + images
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => setSources([...sources, { kind: 'VIDEO', count: 1e5, width: 1280, height: 720, durationSeconds: 10, fps: 24 }])}
        >
          + videos
        </button>
        <button type="button" class="secondary" onClick={() => setSources([...sources, { kind: 'TEXT', count: 1e12 }])}>
          + text
        </button>
      </div>
    </fieldset>
  );
}

export function TokenizerSection(props: PartProps) {
  const { input, issues, onChange, at } = props;
  const f = numberFields(props);
  const method = ((getIn(input, `${at}tokenizer.method`) ?? getIn(input, 'tokenizer.method')) as Method | undefined) ?? 'LATENT';
  return (
    <fieldset class="tokenizer">
      <Legend legend={props.legend} action={props.action} fallback="Tokenizer" />
      <div class="grid">
        <SelectField
          input={input}
          path={`${at}tokenizer.method`}
          label="Method"
          options={METHODS}
          issues={issues}
          onChange={onChange}
          emptyLabel={emptyChoice(input, at, 'tokenizer.method', 'LATENT')}
          wide
        />
        {f('tokenizer.patchSize', 'Patch size p', method === 'LATENT' ? '2' : '16')}
        {f('tokenizer.temporalPatchSize', 'Temporal patch', '1')}
        {method === 'LATENT' && f('tokenizer.vaeSpatialFactor', 'VAE spatial ÷', '8')}
        {method === 'LATENT' && f('tokenizer.vaeTemporalFactor', 'VAE temporal ÷', '4')}
      </div>
    </fieldset>
  );
}

/** Attention in a stage: the scenario's, or on or off for this stage. */
function StageAttention({ input, at, onChange, issues, architecture }: PartProps & { architecture: boolean }) {
  const path = `${at}training.attention`;
  const own = getIn(input, path) as boolean | undefined;
  const scenario = getIn(input, 'training.attention') as boolean | undefined;
  const counted = architecture ? scenario !== false : !!scenario;
  const issue = issues.find((i) => i.path === path);
  return (
    <label class={`field wide ${issue ? 'invalid' : ''}`}>
      <span class="label">{architecture ? 'Attention cores' : 'Attention term'}</span>
      <select
        id={fieldId(path)}
        data-path={path}
        value={own === undefined ? '' : String(own)}
        onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          onChange(setIn(input, path, v === '' ? undefined : v === 'true'));
        }}
      >
        <option value="">scenario's ({counted ? 'counted' : 'not counted'})</option>
        <option value="true">counted</option>
        <option value="false">not counted</option>
      </select>
      {issue && <span class="problem">{issue.message}</span>}
    </label>
  );
}

export function TrainingSection(props: PartProps) {
  const { input, issues, onChange, at } = props;
  const f = numberFields(props);
  const path = `${at}training.attention`;
  const attention = getIn(input, path) as boolean | undefined;
  // With an architecture its attention cores count unless turned off (training.attention: false).
  const architecture = !!input.model.architecture;
  return (
    <fieldset class="training">
      <Legend legend={props.legend} action={props.action} fallback="Training" />
      <div class="grid">
        {f('training.epochs', 'Epochs', '1')}
        {f('training.sequenceLength', 'Text sequence length', '2048')}
        <SelectField
          input={input}
          path={`${at}training.recomputation`}
          label="Recomputation"
          options={RECOMPUTATIONS}
          issues={issues}
          onChange={onChange}
          emptyLabel={emptyChoice(input, at, 'training.recomputation', 'NONE')}
          wide
        />
        {at ? (
          <StageAttention {...props} architecture={architecture} />
        ) : (
          <label class="field check">
            <input
              id={fieldId(path)}
              type="checkbox"
              checked={architecture ? attention !== false : !!attention}
              data-path={path}
              onChange={(e) => {
                const checked = (e.target as HTMLInputElement).checked;
                onChange(setIn(input, path, architecture ? (checked ? undefined : false) : checked || undefined));
              }}
            />
            <span class="label">{architecture ? 'Count attention cores (4·N²·d per layer)' : 'Count attention (12·L·d·T per token)'}</span>
          </label>
        )}
      </div>
    </fieldset>
  );
}

export function ClusterSection(props: PartProps) {
  const { hardware } = useShared();
  const { input, issues, onChange, at } = props;
  const f = numberFields(props);
  const own = (getIn(input, `${at}cluster`) as ClusterInput | undefined) ?? {};
  const scenario = input.cluster ?? {};
  const hw = hardware.find((h) => h.key === (own.hardware ?? scenario.hardware ?? 'h100-sxm'));
  const precision = own.precision ?? scenario.precision ?? 'BF16';
  const hardwareName = (key: string | undefined) => hardware.find((h) => h.key === key)?.name ?? key;
  return (
    <fieldset class="cluster">
      <Legend legend={props.legend} action={props.action} fallback="Cluster" />
      <div class="grid">
        <SelectField
          input={input}
          path={`${at}cluster.hardware`}
          label="Hardware"
          options={hardware.map((h) => ({ value: h.key, label: h.name }))}
          issues={issues}
          onChange={onChange}
          emptyLabel={at ? `scenario's (${hardwareName(scenario.hardware) ?? 'H100 SXM'})` : 'default (H100 SXM)'}
          wide
        />
        {f('cluster.gpuCount', 'GPUs', '1')}
        <SelectField
          input={input}
          path={`${at}cluster.precision`}
          label="Precision"
          options={PRECISIONS.map((p) => ({ value: p, label: hw?.peakTflops[p] ? `${p} · ${hw.peakTflops[p]} TFLOP/s` : `${p} · no published peak` }))}
          issues={issues}
          onChange={onChange}
          emptyLabel={emptyChoice(input, at, 'cluster.precision', 'BF16')}
          wide
        />
        {f('cluster.utilization', 'Utilization (MFU)', '0.4')}
        {f('cluster.pricePerGpuHour', '$ per GPU-hour', hw?.pricePerGpuHour ? String(hw.pricePerGpuHour) : 'no catalog price')}
        {f('cluster.pue', 'PUE', '1.2')}
      </div>
      {hw && !own.precision && !scenario.precision && !hw.peakTflops[precision] && (
        <p class="hint">
          {hw.name} has no published {precision} peak.
        </p>
      )}
    </fieldset>
  );
}
