/**
 * Over 300 lines: the form's six sections, each small, read best side by side.
 *
 * A scenario's inputs as a form. Every change goes up at once; the page re-estimates.
 *
 * One section per part of the input. Data, tokenizer, training and cluster read and write under a
 * path prefix (`at`, '' for the scenario itself), so that a stage (`stages[k].`), which overrides
 * exactly those, can reuse them: a stages section goes next to the data section.
 */
import type { DataKind, DataSourceInput, Issue, Method, Precision, Recomputation, ScenarioInput } from '../api';
import { useShared } from '../context';
import { formatCompact } from '../format';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';
import { ArchitectureSection } from './ArchitectureForm';
import { NumberField, SelectField } from './fields';

const METHODS: { value: Method; label: string }[] = [
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

interface SectionProps {
  input: ScenarioInput;
  issues: Issue[];
  onChange(input: ScenarioInput): void;
}

/** A section of the input that a stage can override: its paths start with `at`. */
interface PartProps extends SectionProps {
  at: string;
}

/** A number field of a section: f(path, label, placeholder?, hint?). */
function numberFields({ input, issues, onChange }: SectionProps) {
  return (path: string, label: string, placeholder?: string, hint?: string) => (
    <NumberField input={input} path={path} label={label} placeholder={placeholder} hint={hint} issues={issues} onChange={onChange} />
  );
}

function describeSource(s: DataSourceInput): string {
  if (s.kind === 'TEXT') return `${formatCompact(s.count)} text tokens`;
  const size = s.width && s.height ? ` ${s.width}×${s.height}` : '';
  if (s.kind === 'IMAGE') return `${formatCompact(s.count)} images${size}`;
  return `${formatCompact(s.count)} clips${size}${s.durationSeconds ? `, ${s.durationSeconds} s` : ''}${s.fps ? ` at ${s.fps} fps` : ''}`;
}

export { describeSource };

/** A source turned into another kind keeps only the inputs that kind has. */
function changeKind(s: DataSourceInput, kind: DataKind): DataSourceInput {
  const { count, width, height, channels, durationSeconds, fps } = s;
  if (kind === 'TEXT') return { kind, count };
  const media: DataSourceInput = { kind, count, width: width ?? 1024, height: height ?? 1024 };
  if (channels !== undefined) media.channels = channels;
  if (kind === 'VIDEO') Object.assign(media, { durationSeconds: durationSeconds ?? 10, fps: fps ?? 24 });
  return media;
}

function ModelSection({ derivedParameters, ...props }: SectionProps & { derivedParameters: number | null }) {
  const f = numberFields(props);
  const { input } = props;
  if (input.model.architecture) {
    const counted = input.model.parameters === undefined && derivedParameters ? `counted: ${formatCompact(derivedParameters)}` : undefined;
    return (
      <fieldset>
        <legend>Model</legend>
        <div class="grid">
          <NumberField
            input={input}
            path="model.parameters"
            label="Parameters N (optional)"
            placeholder="derived from the architecture"
            hint={counted}
            wide
            issues={props.issues}
            onChange={props.onChange}
          />
          <p class="hint note">Layers and width are the architecture's. A given N that differs from its count by over 5% is a warning.</p>
        </div>
      </fieldset>
    );
  }
  return (
    <fieldset>
      <legend>Model</legend>
      <div class="grid">
        {f('model.parameters', 'Parameters N', 'e.g. 3e9')}
        {f('model.layers', 'Layers L', 'for attention')}
        {f('model.hiddenSize', 'Hidden size d', 'for attention')}
      </div>
    </fieldset>
  );
}

function DataSection({ at, ...props }: PartProps) {
  const f = numberFields(props);
  const { input, onChange } = props;
  const sources = (getIn(input, `${at}data`) as DataSourceInput[] | undefined) ?? [];
  const setSources = (data: DataSourceInput[]) => onChange(setIn(input, `${at}data`, data));
  return (
    <fieldset>
      <legend>Data</legend>
      {sources.map((s, i) => (
        <div class="source" key={i}>
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
                id={fieldId(`${at}data[${i}].kind`)}
                value={s.kind}
                onChange={(e) => setSources(sources.map((x, j) => (j === i ? changeKind(x, (e.target as HTMLSelectElement).value as DataKind) : x)))}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            {f(`${at}data[${i}].count`, s.kind === 'TEXT' ? 'Tokens' : s.kind === 'IMAGE' ? 'Images' : 'Clips')}
            {s.kind !== 'TEXT' && f(`${at}data[${i}].width`, 'Width px')}
            {s.kind !== 'TEXT' && f(`${at}data[${i}].height`, 'Height px')}
            {s.kind !== 'TEXT' && f(`${at}data[${i}].channels`, 'Channels', '3')}
            {s.kind === 'VIDEO' && f(`${at}data[${i}].durationSeconds`, 'Seconds per clip')}
            {s.kind === 'VIDEO' && f(`${at}data[${i}].fps`, 'Frames per second')}
          </div>
        </div>
      ))}
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

function TokenizerSection({ at, ...props }: PartProps) {
  const f = numberFields(props);
  const { input, issues, onChange } = props;
  const method = (getIn(input, `${at}tokenizer.method`) as Method | undefined) ?? 'LATENT';
  return (
    <fieldset>
      <legend>Tokenizer</legend>
      <div class="grid">
        <SelectField
          input={input}
          path={`${at}tokenizer.method`}
          label="Method"
          options={METHODS}
          issues={issues}
          onChange={onChange}
          emptyLabel="default (LATENT)"
          wide
        />
        {f(`${at}tokenizer.patchSize`, 'Patch size p', method === 'LATENT' ? '2' : '16')}
        {f(`${at}tokenizer.temporalPatchSize`, 'Temporal patch', '1')}
        {method === 'LATENT' && f(`${at}tokenizer.vaeSpatialFactor`, 'VAE spatial ÷', '8')}
        {method === 'LATENT' && f(`${at}tokenizer.vaeTemporalFactor`, 'VAE temporal ÷', '4')}
      </div>
    </fieldset>
  );
}

function TrainingSection({ at, ...props }: PartProps) {
  const f = numberFields(props);
  const { input, issues, onChange } = props;
  const path = `${at}training.attention`;
  const attention = getIn(input, path) as boolean | undefined;
  // With an architecture its attention cores count unless turned off (training.attention: false).
  const architecture = !!input.model.architecture;
  return (
    <fieldset>
      <legend>Training</legend>
      <div class="grid">
        {f(`${at}training.epochs`, 'Epochs', '1')}
        {f(`${at}training.sequenceLength`, 'Text sequence length', '2048')}
        <SelectField
          input={input}
          path={`${at}training.recomputation`}
          label="Recomputation"
          options={RECOMPUTATIONS}
          issues={issues}
          onChange={onChange}
          emptyLabel="default (NONE)"
          wide
        />
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
      </div>
    </fieldset>
  );
}

function ClusterSection({ at, ...props }: PartProps) {
  const { hardware } = useShared();
  const f = numberFields(props);
  const { input, issues, onChange } = props;
  const cluster = getIn(input, `${at}cluster`) as ScenarioInput['cluster'];
  const hw = hardware.find((h) => h.key === (cluster?.hardware ?? 'h100-sxm'));
  const precision = cluster?.precision ?? 'BF16';
  return (
    <fieldset>
      <legend>Cluster</legend>
      <div class="grid">
        <SelectField
          input={input}
          path={`${at}cluster.hardware`}
          label="Hardware"
          options={hardware.map((h) => ({ value: h.key, label: h.name }))}
          issues={issues}
          onChange={onChange}
          emptyLabel="default (H100 SXM)"
          wide
        />
        {f(`${at}cluster.gpuCount`, 'GPUs', '1')}
        <SelectField
          input={input}
          path={`${at}cluster.precision`}
          label="Precision"
          options={PRECISIONS.map((p) => ({ value: p, label: hw?.peakTflops[p] ? `${p} · ${hw.peakTflops[p]} TFLOP/s` : `${p} · no published peak` }))}
          issues={issues}
          onChange={onChange}
          emptyLabel="default (BF16)"
          wide
        />
        {f(`${at}cluster.utilization`, 'Utilization (MFU)', '0.4')}
        {f(`${at}cluster.pricePerGpuHour`, '$ per GPU-hour', hw?.pricePerGpuHour ? String(hw.pricePerGpuHour) : 'no catalog price')}
        {f(`${at}cluster.pue`, 'PUE', '1.2')}
      </div>
      {hw && !cluster?.precision && !hw.peakTflops[precision] && (
        <p class="hint">
          {hw.name} has no published {precision} peak.
        </p>
      )}
    </fieldset>
  );
}

export function ScenarioForm({
  input,
  issues,
  onChange,
  derivedParameters = null,
}: SectionProps & {
  /** The parameter count of the last estimate: shown beside an empty N when an architecture counts it. */
  derivedParameters?: number | null;
}) {
  const props = { input, issues, onChange };
  const general = issues.filter((i) => !document.getElementById(fieldId(i.path)));
  return (
    <form class="scenario-form" onSubmit={(e) => e.preventDefault()} data-testid="scenario-form">
      <ModelSection {...props} derivedParameters={derivedParameters} />
      <ArchitectureSection {...props} derivedParameters={derivedParameters} />
      <DataSection {...props} at="" />
      <TokenizerSection {...props} at="" />
      <TrainingSection {...props} at="" />
      <ClusterSection {...props} at="" />
      {general.length > 0 && (
        <ul class="problems">
          {general.map((i) => (
            <li key={i.path}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
