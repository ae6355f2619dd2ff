/**
 * The model's frozen encoders (ModelInput.encoders, docs/model.md "Frozen encoders"): a text encoder
 * or VAE that runs forward, never backward, on every training sample unless its outputs were
 * precomputed. Each gives its forward pass as parameters × tokens per sample (2·N·T FLOPs) or as
 * forward FLOPs per sample; the form shows the fields of the way it is given, as the Data section
 * does for a source's size.
 */
import { useState } from 'preact/hooks';
import { encoderForwardFlops } from '../../../src/core/encoders';
import type { EncoderInput, ScenarioInput } from '../api';
import { formatCompact, formatSci } from '../format';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';
import { CheckField, NumberField } from './fields';
import type { SectionProps } from './Parts';

export const ENCODERS = 'model.encoders';

/**
 * T5 v1.1 XXL's encoder, as docs/model.md ("Frozen encoders") counts it: 24 layers of d_model 4096,
 * a gated FFN of 10,240, a 32,128-token vocabulary, 4,762,310,656 parameters; on 512 text tokens
 * (Open-Sora 2.0, Wan 2.1), 2 · 4.76e9 · 512 = 4.88e12 FLOPs per sample.
 */
export const T5_XXL: EncoderInput = { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 };

/** Its forward FLOPs per sample (the core's encoderForwardFlops), or null while a size is missing. */
export function forwardPerSample(e: EncoderInput): number | null {
  const given = e.forwardFlopsPerSample;
  if (given === undefined && (e.parameters === undefined || e.tokensPerSample === undefined)) return null;
  const f = encoderForwardFlops({
    name: e.name,
    parameters: e.parameters ?? null,
    tokensPerSample: e.tokensPerSample ?? null,
    forwardFlopsPerSample: given ?? null,
    precomputed: !!e.precomputed,
  });
  return Number.isFinite(f) && f > 0 ? f : null;
}

/** One line for an encoder: "4.76B × 512 tokens · 4.88e12 FLOPs per sample", "precomputed: adds 0". */
function describe(e: EncoderInput): string {
  const f = forwardPerSample(e);
  const size = e.forwardFlopsPerSample === undefined && e.parameters !== undefined && e.tokensPerSample !== undefined;
  const what =
    f === null
      ? 'forward FLOPs not known yet'
      : `${size ? `${formatCompact(e.parameters as number)} × ${formatCompact(e.tokensPerSample as number)} tokens · ` : ''}${formatSci(f)} FLOPs per sample`;
  return e.precomputed ? `${what}; precomputed: adds 0` : what;
}

/** Given as FLOPs per sample: 2·N·T when both sizes are known; back to sizes drops them. */
function toFlops(e: EncoderInput): EncoderInput {
  const { parameters: _n, tokensPerSample: _t, ...rest } = e;
  const f = forwardPerSample(e);
  return f === null ? rest : { ...rest, forwardFlopsPerSample: f };
}

function toSizes(e: EncoderInput): EncoderInput {
  const { forwardFlopsPerSample: _f, ...rest } = e;
  return rest;
}

function EncoderName({ input, path, issues, onChange }: SectionProps & { path: string }) {
  const value = (getIn(input, path) as string | undefined) ?? '';
  const issue = issues.find((i) => i.path === path);
  return (
    <label class={`field name ${issue ? 'invalid' : ''}`}>
      <span class="label">Name</span>
      <input
        id={fieldId(path)}
        data-path={path}
        type="text"
        value={value}
        maxLength={200}
        placeholder="e.g. T5-XXL, VAE encoder"
        aria-invalid={issue ? true : undefined}
        // An empty name stays an empty string: the API says it must not be empty, on this field.
        onInput={(e) => onChange(setIn(input, path, (e.target as HTMLInputElement).value))}
      />
      {issue && <span class="problem">{issue.message}</span>}
    </label>
  );
}

function Encoder({ j, ...props }: SectionProps & { j: number }) {
  const { input, issues, onChange } = props;
  const encoders = input.model.encoders as EncoderInput[];
  const e = encoders[j];
  const at = `${ENCODERS}[${j}]`;
  // Switched to FLOPs per sample before any is typed, the input cannot say so yet: remembered here until it can.
  const [wantsFlops, setWantsFlops] = useState(false);
  const flops = e.forwardFlopsPerSample !== undefined || (wantsFlops && e.parameters === undefined && e.tokensPerSample === undefined);
  const set = (next: EncoderInput) => onChange(setIn(input, at, next));
  const remove = () => {
    const rest = encoders.filter((_, k) => k !== j);
    onChange(setIn(input, ENCODERS, rest.length ? rest : undefined));
  };
  const num = (key: keyof EncoderInput, label: string, placeholder?: string) => (
    <NumberField input={input} path={`${at}.${key}`} label={label} placeholder={placeholder} issues={issues} onChange={onChange} />
  );
  // Shown fields: the way the forward pass is given; sizes beside given FLOPs only when the input has them (the API then ignores them, and warns on them).
  const shown = ['name', 'precomputed', ...(flops ? ['forwardFlopsPerSample'] : ['parameters', 'tokensPerSample'])];
  if (flops) for (const k of ['parameters', 'tokensPerSample'] as const) if (e[k] !== undefined) shown.push(k);
  // A problem with the encoder as a whole, or with a field it does not show ("forwardFlopsPerSample is required unless…"), is said on the card.
  const own = issues.filter((i) => i.path === at || (i.path.startsWith(`${at}.`) && !shown.includes(i.path.slice(at.length + 1))));
  return (
    <div class="source encoder" data-encoder={j} id={fieldId(at)} tabIndex={-1}>
      <div class="source-head">
        <strong>
          encoders[{j}] · {describe(e)}
        </strong>
        <button type="button" class="link" onClick={remove} aria-label={`Remove encoder ${j + 1}`} title="Remove this encoder">
          remove
        </button>
      </div>
      {own.map((i) => (
        <p class="problem" key={i.path}>
          {i.path === at ? '' : `${i.path.slice(at.length + 1)}: `}
          {i.message}
        </p>
      ))}
      <div class="grid">
        <EncoderName {...props} path={`${at}.name`} />
        <label class="field wide">
          <span class="label">Forward pass given as</span>
          <select
            data-choice={`${at}.forward`}
            value={flops ? 'flops' : 'sizes'}
            onChange={(ev) => {
              const toFlopsNow = (ev.target as HTMLSelectElement).value === 'flops';
              setWantsFlops(toFlopsNow);
              set(toFlopsNow ? toFlops(e) : toSizes(e));
            }}
          >
            <option value="sizes">parameters × tokens (2·N·T)</option>
            <option value="flops">FLOPs per sample</option>
          </select>
        </label>
        {(!flops || e.parameters !== undefined) && num('parameters', 'Parameters N', 'e.g. 4.76B')}
        {(!flops || e.tokensPerSample !== undefined) && num('tokensPerSample', 'Tokens per sample', 'e.g. 512')}
        {flops && num('forwardFlopsPerSample', 'Forward FLOPs per sample', 'e.g. 1.1e12')}
        <CheckField input={input} path={`${at}.precomputed`} label="Precomputed (cached before training)" issues={issues} onChange={onChange} />
      </div>
    </div>
  );
}

export function EncodersSection(props: SectionProps) {
  const { input, onChange, issues } = props;
  const encoders = input.model.encoders ?? [];
  const add = (e: EncoderInput) => onChange(setIn(input, ENCODERS, [...encoders, e]) as ScenarioInput);
  const own = issues.filter((i) => i.path === ENCODERS);
  return (
    <fieldset class="encoders" data-testid="encoders" id={fieldId(ENCODERS)} tabIndex={-1}>
      <legend>
        Frozen encoders <span class="legend-note">{encoders.length ? `${encoders.length}, forward only` : 'none'}</span>
      </legend>
      <p class="hint">
        Text encoders and VAEs run forward (no backward) on every training sample, unless their outputs are precomputed: 2·N·T FLOPs per sample, or the forward
        FLOPs given.
      </p>
      {own.map((i) => (
        <p class="problem" key={i.message}>
          {i.message}
        </p>
      ))}
      {encoders.map((_, j) => (
        <Encoder key={j} {...props} j={j} />
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => add({ ...T5_XXL })} data-testid="add-t5-xxl">
          + T5-XXL (4.76B, 512 tokens)
        </button>
        <button type="button" class="secondary" onClick={() => add({ name: `encoder ${encoders.length + 1}` })} data-testid="add-encoder">
          + encoder
        </button>
      </div>
    </fieldset>
  );
}
