/** A scenario's inputs as a form. Every change goes up at once; the page re-estimates. */
import { useEffect, useState } from 'preact/hooks';
import type { DataKind, DataSourceInput, Issue, Method, Precision, ScenarioInput } from '../api';
import { useShared } from '../context';
import { formatCompact, parseField, toField } from '../format';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';

const METHODS: { value: Method; label: string }[] = [
  { value: 'LATENT', label: 'LATENT: VAE, then latent patches' },
  { value: 'PIXEL', label: 'PIXEL: ViT patches of pixels' },
  { value: 'SEED_2024', label: 'SEED_2024: the 2024 article' },
];
const PRECISIONS: Precision[] = ['BF16', 'FP16', 'FP8', 'TF32', 'FP32'];
const KINDS: DataKind[] = ['VIDEO', 'IMAGE', 'TEXT'];

interface FieldProps {
  input: ScenarioInput;
  path: string;
  label: string;
  placeholder?: string;
  hint?: string;
  issues: Issue[];
  onChange(input: ScenarioInput): void;
}

function NumberField({ input, path, label, placeholder, hint, issues, onChange }: FieldProps) {
  const value = getIn(input, path) as number | undefined;
  const [text, setText] = useState(toField(value));
  const [local, setLocal] = useState<string | null>(null);
  // Follow the value when it changes from outside (reset, another field), not while typing it.
  useEffect(() => {
    const typed = parseField(text);
    if (!(text.trim() === '' && value === undefined) && typed !== value) setText(toField(value));
  }, [value]);
  const issue = issues.find((i) => i.path === path);
  const problem = local ?? issue?.message ?? null;
  const id = fieldId(path);
  return (
    <label class={`field ${problem ? 'invalid' : ''}`}>
      <span class="label">{label}</span>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellcheck={false}
        value={text}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        data-path={path}
        onInput={(e) => {
          const t = (e.target as HTMLInputElement).value;
          setText(t);
          if (t.trim() === '') {
            setLocal(null);
            onChange(setIn(input, path, undefined));
            return;
          }
          const n = parseField(t);
          if (Number.isNaN(n)) {
            setLocal('not a number (write 3e9, 3,000,000 or 3B)');
            return;
          }
          setLocal(null);
          onChange(setIn(input, path, n));
        }}
      />
      {problem ? (
        <span class="problem">{problem}</span>
      ) : hint ? (
        <span class="hint">{hint}</span>
      ) : value !== undefined && Math.abs(value) >= 1e4 ? (
        <span class="hint">{formatCompact(value)}</span>
      ) : null}
    </label>
  );
}

function SelectField({
  input,
  path,
  label,
  options,
  issues,
  onChange,
  emptyLabel,
  wide,
}: Omit<FieldProps, 'placeholder' | 'hint'> & { options: { value: string; label: string }[]; emptyLabel?: string; wide?: boolean }) {
  const value = (getIn(input, path) as string | undefined) ?? '';
  const issue = issues.find((i) => i.path === path);
  return (
    <label class={`field ${issue ? 'invalid' : ''} ${wide ? 'wide' : ''}`}>
      <span class="label">{label}</span>
      <select
        id={fieldId(path)}
        value={value}
        data-path={path}
        onChange={(e) => onChange(setIn(input, path, (e.target as HTMLSelectElement).value || undefined))}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {issue && <span class="problem">{issue.message}</span>}
    </label>
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

export function ScenarioForm({ input, issues, onChange }: { input: ScenarioInput; issues: Issue[]; onChange(input: ScenarioInput): void }) {
  const { hardware } = useShared();
  const f = (path: string, label: string, placeholder?: string, hint?: string) => (
    <NumberField input={input} path={path} label={label} placeholder={placeholder} hint={hint} issues={issues} onChange={onChange} />
  );
  const method = input.tokenizer?.method ?? 'LATENT';
  const hw = hardware.find((h) => h.key === (input.cluster?.hardware ?? 'h100-sxm'));
  const precision = input.cluster?.precision ?? 'BF16';
  const setSources = (data: DataSourceInput[]) => onChange({ ...input, data });
  const general = issues.filter((i) => !document.getElementById(fieldId(i.path)));

  return (
    <form class="scenario-form" onSubmit={(e) => e.preventDefault()} data-testid="scenario-form">
      <fieldset>
        <legend>Model</legend>
        <div class="grid">
          {f('model.parameters', 'Parameters N', 'e.g. 3e9')}
          {f('model.layers', 'Layers L', 'for attention')}
          {f('model.hiddenSize', 'Hidden size d', 'for attention')}
        </div>
      </fieldset>

      <fieldset>
        <legend>Data</legend>
        {input.data.map((s, i) => (
          <div class="source" key={i}>
            <div class="source-head">
              <strong>
                data[{i}] · {describeSource(s)}
              </strong>
              {input.data.length > 1 && (
                <button type="button" class="link" onClick={() => setSources(input.data.filter((_, j) => j !== i))} title="Remove this data source">
                  remove
                </button>
              )}
            </div>
            <div class="grid">
              <label class="field">
                <span class="label">Kind</span>
                <select
                  id={fieldId(`data[${i}].kind`)}
                  value={s.kind}
                  onChange={(e) => setSources(input.data.map((x, j) => (j === i ? changeKind(x, (e.target as HTMLSelectElement).value as DataKind) : x)))}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </label>
              {f(`data[${i}].count`, s.kind === 'TEXT' ? 'Tokens' : s.kind === 'IMAGE' ? 'Images' : 'Clips')}
              {s.kind !== 'TEXT' && f(`data[${i}].width`, 'Width px')}
              {s.kind !== 'TEXT' && f(`data[${i}].height`, 'Height px')}
              {s.kind !== 'TEXT' && f(`data[${i}].channels`, 'Channels', '3')}
              {s.kind === 'VIDEO' && f(`data[${i}].durationSeconds`, 'Seconds per clip')}
              {s.kind === 'VIDEO' && f(`data[${i}].fps`, 'Frames per second')}
            </div>
          </div>
        ))}
        <div class="row">
          <button type="button" class="secondary" onClick={() => setSources([...input.data, { kind: 'IMAGE', count: 1e6, width: 1024, height: 1024 }])}>
            + images
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setSources([...input.data, { kind: 'VIDEO', count: 1e5, width: 1280, height: 720, durationSeconds: 10, fps: 24 }])}
          >
            + videos
          </button>
          <button type="button" class="secondary" onClick={() => setSources([...input.data, { kind: 'TEXT', count: 1e12 }])}>
            + text
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Tokenizer</legend>
        <div class="grid">
          <SelectField
            input={input}
            path="tokenizer.method"
            label="Method"
            options={METHODS}
            issues={issues}
            onChange={onChange}
            emptyLabel="default (LATENT)"
            wide
          />
          {f('tokenizer.patchSize', 'Patch size p', method === 'LATENT' ? '2' : '16')}
          {f('tokenizer.temporalPatchSize', 'Temporal patch', '1')}
          {method === 'LATENT' && f('tokenizer.vaeSpatialFactor', 'VAE spatial ÷', '8')}
          {method === 'LATENT' && f('tokenizer.vaeTemporalFactor', 'VAE temporal ÷', '4')}
        </div>
      </fieldset>

      <fieldset>
        <legend>Training</legend>
        <div class="grid">
          {f('training.epochs', 'Epochs', '1')}
          {f('training.sequenceLength', 'Text sequence length', '2048')}
          <label class="field check">
            <input
              id={fieldId('training.attention')}
              type="checkbox"
              checked={!!input.training?.attention}
              data-path="training.attention"
              onChange={(e) => onChange(setIn(input, 'training.attention', (e.target as HTMLInputElement).checked || undefined))}
            />
            <span class="label">Count attention (12·L·d·T per token)</span>
          </label>
        </div>
      </fieldset>

      <fieldset>
        <legend>Cluster</legend>
        <div class="grid">
          <SelectField
            input={input}
            path="cluster.hardware"
            label="Hardware"
            options={hardware.map((h) => ({ value: h.key, label: h.name }))}
            issues={issues}
            onChange={onChange}
            emptyLabel="default (H100 SXM)"
            wide
          />
          {f('cluster.gpuCount', 'GPUs', '1')}
          <SelectField
            input={input}
            path="cluster.precision"
            label="Precision"
            options={PRECISIONS.map((p) => ({ value: p, label: hw?.peakTflops[p] ? `${p} · ${hw.peakTflops[p]} TFLOP/s` : `${p} · no published peak` }))}
            issues={issues}
            onChange={onChange}
            emptyLabel="default (BF16)"
            wide
          />
          {f('cluster.utilization', 'Utilization (MFU)', '0.4')}
          {f('cluster.pricePerGpuHour', '$ per GPU-hour', hw?.pricePerGpuHour ? String(hw.pricePerGpuHour) : 'no catalog price')}
          {f('cluster.pue', 'PUE', '1.2')}
        </div>
        {hw && !input.cluster?.precision && !hw.peakTflops[precision] && (
          <p class="hint">
            {hw.name} has no published {precision} peak.
          </p>
        )}
      </fieldset>
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
