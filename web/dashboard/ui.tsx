/** Small shared pieces: a formatted number with its exact value on hover, messages, the warning glossary. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { exact, type Metric } from './format';

/** The page's title names the view: "GPT-3 175B · scenario · flopscope" (parts left empty are skipped). */
export function useTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter((p): p is string => !!p), 'flopscope'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/**
 * A polite live region: a screen reader says `message` once it has stayed the same for `delay` ms,
 * so that typing "20000" is one announcement, not five. null says nothing (and keeps the last).
 */
export function LiveStatus({ message, delay = 900, testId }: { message: string | null; delay?: number; testId?: string }) {
  const [said, setSaid] = useState('');
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => setSaid(message), delay);
    return () => clearTimeout(t);
  }, [message, delay]);
  return (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {said}
    </div>
  );
}

export function Num({ value, metric, format, unit }: { value: number | null | undefined; metric?: Metric; format?: (x: number) => string; unit?: string }) {
  if (value === null || value === undefined) {
    return (
      <span class="num muted" title="Not known from these inputs (see the warnings)">
        —
      </span>
    );
  }
  const f = format ?? metric?.format ?? String;
  return (
    <span class="num" title={exact(value, unit ?? metric?.unit)}>
      {f(value)}
    </span>
  );
}

/**
 * The box every table goes in: it scrolls sideways on its own when the table is wider than the
 * page (a phone), never the page; it can take the keyboard's focus, so that arrow keys scroll it,
 * and says which table it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function ErrorBox({ error, children }: { error: unknown; children?: ComponentChildren }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      {(error as Error).message ?? String(error)}
      {children}
    </div>
  );
}

/** What each warning code means for the reader of an estimate (the message says what to change). */
export const WARNING_GLOSSARY: Record<string, string> = {
  SEED_VIDEO_RESOLUTION_IGNORED: 'The 2024 article counted a clip as fps × seconds × channels, leaving out its width and height: video tokens are far too few.',
  SEED_CHANNELS_COUNTED_AS_TOKENS: 'Colour channels were counted as tokens; a patch holds all channels, so tokens are 3× too many for images.',
  ATTENTION_DOMINATES: 'The attention term outweighs the rest (6·N·D, or the architecture’s matmuls): sequence length, not parameter count, drives the cost.',
  ATTENTION_NOT_COUNTED: 'Long sequences without the attention term: FLOPs are understated. Set training.attention with layers and hidden size.',
  UTILIZATION_ABOVE_PUBLISHED: 'Utilization above every published large run (PaLM 46%, Llama 3.1 38–43%): days and cost are optimistic.',
  FP32_PEAK_FOR_TRAINING: 'The FP32 peak instead of tensor cores: modern training runs in BF16/FP16, many times faster per GPU.',
  NO_PRICE: 'No price per GPU-hour is known for this hardware, so cost is left out rather than guessed.',
  NO_TDP: 'No power figure is known for this hardware, so energy is left out rather than guessed.',
  FAR_FROM_CHINCHILLA_OPTIMAL: "Tokens per parameter far from Chinchilla's ~20: the same compute could train a better model.",
  PARAMETER_COUNT_AMBIGUOUS: 'The name or description mentions a different parameter count than the input: check which one is meant.',
  IGNORED_INPUT: 'An input plays no part under these settings.',
  PARAMETERS_DISAGREE_WITH_ARCHITECTURE:
    'The parameter count given and the one the architecture counts differ by more than 5%: the FLOPs follow the architecture.',
  MODEL_STATE_EXCEEDS_CLUSTER_MEMORY:
    'The weights, gradients and optimizer state alone do not fit in the memory of the whole cluster: the run cannot happen as described.',
  MORE_GPUS_THAN_SAMPLES_PER_STEP: 'More GPUs than samples per step: the time assumes each sample splits across GPUs and scales perfectly.',
  ENCODERS_DOMINATE:
    'The frozen encoders’ forward passes cost more than training the model itself: runs usually precompute text embeddings and latents once (tick “Precomputed”).',
  STEP_FASTER_THAN_HARDWARE: 'A training step would finish faster than any step runs on this hardware: the wall-clock time is too short.',
};

/** The id of a form field, for warnings and errors that point at it. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function focusField(path: string): void {
  const el = document.getElementById(fieldId(path));
  if (el) {
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    (el as HTMLInputElement).focus({ preventScroll: true });
  }
}
