/**
 * The model's frozen encoders (ModelInput.encoders, docs/model.md "Frozen encoders"): a text encoder
 * or VAE that runs forward, never backward, on every training sample unless its outputs were
 * precomputed. Each gives its forward pass one way: parameters × tokens per sample (2·N·T FLOPs),
 * forward FLOPs per sample, or (a VAE's convolutions) forward FLOPs per pixel per frame; the form
 * shows the fields of the way it is given, as the Data section does for a source's size.
 */
import { useState } from 'preact/hooks';
import { fixedForwardFlops } from '../../../src/core/encoders';
import type { EncoderInput, ScenarioInput } from '../api';
import { formatCompact, formatSci } from '../format';
import { setIn } from '../input';
import { fieldId } from '../ui';
import { CheckField, NumberField, TextField } from './fields';
import type { SectionProps } from './Parts';

export const ENCODERS = 'model.encoders';

/**
 * T5 v1.1 XXL's encoder, as docs/model.md ("Frozen encoders") counts it: 24 layers of d_model 4096,
 * a gated FFN of 10,240, a 32,128-token vocabulary, 4,762,310,656 parameters; on 512 text tokens
 * (Open-Sora 2.0, Wan 2.1), 2 · 4.76e9 · 512 = 4.88e12 FLOPs per sample.
 */
export const T5_XXL: EncoderInput = { name: 'T5-XXL encoder', parameters: 4_762_310_656, tokensPerSample: 512 };

/** How an encoder gives its forward pass: by size (2·N·T), per sample, or per pixel per frame. */
type Way = 'sizes' | 'sample' | 'pixel';

function wayOf(e: EncoderInput): Way | null {
  if (e.forwardFlopsPerPixel !== undefined) return 'pixel';
  if (e.forwardFlopsPerSample !== undefined) return 'sample';
  if (e.parameters !== undefined || e.tokensPerSample !== undefined) return 'sizes';
  return null;
}

/** Its forward FLOPs per sample (the core's fixedForwardFlops), or null while a size is missing or when it depends on the source (per pixel). */
export function forwardPerSample(e: EncoderInput): number | null {
  const given = e.forwardFlopsPerSample;
  if (e.forwardFlopsPerPixel !== undefined) return null;
  if (given === undefined && (e.parameters === undefined || e.tokensPerSample === undefined)) return null;
  const f = fixedForwardFlops({
    parameters: e.parameters ?? null,
    tokensPerSample: e.tokensPerSample ?? null,
    forwardFlopsPerSample: given ?? null,
    forwardFlopsPerPixel: null,
  });
  return f !== null && Number.isFinite(f) && f > 0 ? f : null;
}

/** One line for an encoder: "4.76B × 512 tokens · 4.88e12 FLOPs per sample", "9.07e6 FLOPs per pixel per frame", "precomputed: adds 0". */
function describe(e: EncoderInput): string {
  const f = forwardPerSample(e);
  const size = wayOf(e) === 'sizes' && e.parameters !== undefined && e.tokensPerSample !== undefined;
  const what =
    e.forwardFlopsPerPixel !== undefined
      ? `${formatSci(e.forwardFlopsPerPixel)} FLOPs per pixel per frame (× each sample's W·H·frames)`
      : f === null
        ? 'forward FLOPs not known yet'
        : `${size ? `${formatCompact(e.parameters as number)} × ${formatCompact(e.tokensPerSample as number)} tokens · ` : ''}${formatSci(f)} FLOPs per sample`;
  return e.precomputed ? `${what}; precomputed: adds 0` : what;
}

/** The encoder given the other way: FLOPs per sample start at 2·N·T when both sizes are known; the fields of the other ways are dropped (the API takes one way). */
function givenAs(e: EncoderInput, way: Way): EncoderInput {
  const { parameters, tokensPerSample, forwardFlopsPerSample, forwardFlopsPerPixel, ...rest } = e;
  if (way === 'sizes') return { ...rest, ...(parameters !== undefined && { parameters }), ...(tokensPerSample !== undefined && { tokensPerSample }) };
  if (way === 'pixel') return { ...rest, ...(forwardFlopsPerPixel !== undefined && { forwardFlopsPerPixel }) };
  const f = forwardFlopsPerSample ?? forwardPerSample(e);
  return f === null ? rest : { ...rest, forwardFlopsPerSample: f };
}

function Encoder({ j, ...props }: SectionProps & { j: number }) {
  const { input, issues, onChange } = props;
  const encoders = input.model.encoders as EncoderInput[];
  const e = encoders[j];
  const at = `${ENCODERS}[${j}]`;
  // Switched to another way before any of its figures is typed, the input cannot say so yet: remembered here until it can.
  const [wanted, setWanted] = useState<Way>('sizes');
  const way: Way = wayOf(e) ?? wanted;
  const set = (next: EncoderInput) => onChange(setIn(input, at, next));
  const remove = () => {
    const rest = encoders.filter((_, k) => k !== j);
    onChange(setIn(input, ENCODERS, rest.length ? rest : undefined));
  };
  const num = (key: keyof EncoderInput, label: string, placeholder?: string) => (
    <NumberField input={input} path={`${at}.${key}`} label={label} placeholder={placeholder} issues={issues} onChange={onChange} />
  );
  // Shown fields: the way the forward pass is given (the API refuses a second way, so the others are dropped on a switch).
  const FIELDS: Record<Way, string[]> = { sizes: ['parameters', 'tokensPerSample'], sample: ['forwardFlopsPerSample'], pixel: ['forwardFlopsPerPixel'] };
  const shown = ['name', 'precomputed', ...FIELDS[way]];
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
        <TextField
          {...props}
          path={`${at}.name`}
          label="Name"
          className="name"
          placeholder="e.g. T5-XXL, VAE encoder"
          // An empty name stays an empty string: the API says it must not be empty, on this field.
          empty="empty string"
        />
        <label class="field wide">
          <span class="label">Forward pass given as</span>
          <select
            data-choice={`${at}.forward`}
            value={way}
            onChange={(ev) => {
              const next = (ev.target as HTMLSelectElement).value as Way;
              setWanted(next);
              set(givenAs(e, next));
            }}
          >
            <option value="sizes">parameters × tokens (2·N·T)</option>
            <option value="sample">FLOPs per sample</option>
            <option value="pixel">FLOPs per pixel per frame (a VAE)</option>
          </select>
        </label>
        {way === 'sizes' && num('parameters', 'Parameters N', 'e.g. 4.76B')}
        {way === 'sizes' && num('tokensPerSample', 'Tokens per sample', 'e.g. 512')}
        {way === 'sample' && num('forwardFlopsPerSample', 'Forward FLOPs per sample', 'e.g. 1.1e12')}
        {way === 'pixel' && num('forwardFlopsPerPixel', 'Forward FLOPs per pixel per frame', 'e.g. 9.07e6 (HunyuanVideo VAE)')}
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
        Text encoders and VAEs run forward (no backward) on every training sample, unless their outputs are precomputed: 2·N·T FLOPs per sample, the forward
        FLOPs given, or a VAE's FLOPs per pixel per frame times each image's or clip's W·H·frames.
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
