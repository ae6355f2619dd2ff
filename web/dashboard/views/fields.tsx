/** The form's fields, each bound to a path of the ScenarioInput (`cluster.gpuCount`, `model.architecture.heads`) and showing the API's problem with it. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Issue, ScenarioInput } from '../api';
import { formatCompact, parseField, toField } from '../format';
import { getIn, setIn } from '../input';
import { fieldId } from '../ui';

export interface FieldProps {
  input: ScenarioInput;
  path: string;
  label: string;
  placeholder?: string;
  hint?: string;
  /** Two grid columns, for a long placeholder. */
  wide?: boolean;
  issues: Issue[];
  onChange(input: ScenarioInput): void;
}

/**
 * A text input bound to `path` (a stage's or an encoder's name). `empty`: what an emptied field
 * stores — absent (the input has no such field), or the empty string, so that the API says on this
 * field that it must not be empty.
 */
export function TextField({
  input,
  path,
  label,
  placeholder,
  className,
  empty,
  issues,
  onChange,
}: FieldProps & { className: string; empty: 'absent' | 'empty string' }) {
  const value = (getIn(input, path) as string | undefined) ?? '';
  const issue = issues.find((i) => i.path === path);
  return (
    <label class={`field ${className} ${issue ? 'invalid' : ''}`}>
      <span class="label">{label}</span>
      <input
        id={fieldId(path)}
        data-path={path}
        type="text"
        value={value}
        maxLength={200}
        placeholder={placeholder}
        aria-invalid={issue ? true : undefined}
        onInput={(e) => {
          const t = (e.target as HTMLInputElement).value;
          onChange(setIn(input, path, t === '' && empty === 'absent' ? undefined : t));
        }}
      />
      {issue && <span class="problem">{issue.message}</span>}
    </label>
  );
}

export function NumberField({ input, path, label, placeholder, hint, wide, issues, onChange }: FieldProps) {
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
    <label class={`field ${problem ? 'invalid' : ''} ${wide ? 'wide' : ''}`}>
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

export function SelectField({
  input,
  path,
  label,
  options,
  issues,
  onChange,
  emptyLabel,
  wide,
}: Omit<FieldProps, 'placeholder' | 'hint' | 'wide'> & { options: { value: string; label: string }[]; emptyLabel?: string; wide?: boolean }) {
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

/** A checkbox for a boolean input: checked sets true, unchecked removes it (the default, false). */
export function CheckField({
  input,
  path,
  label,
  issues,
  onChange,
}: Omit<FieldProps, 'placeholder' | 'hint' | 'wide' | 'label'> & { label: ComponentChildren }) {
  const issue = issues.find((i) => i.path === path);
  return (
    <label class={`field check ${issue ? 'invalid' : ''}`}>
      <input
        id={fieldId(path)}
        type="checkbox"
        checked={getIn(input, path) === true}
        data-path={path}
        onChange={(e) => onChange(setIn(input, path, (e.target as HTMLInputElement).checked || undefined))}
      />
      <span class="label">{label}</span>
      {issue && <span class="problem">{issue.message}</span>}
    </label>
  );
}
