/** The form's fields, each bound to a path of the ScenarioInput (`cluster.gpuCount`, `model.architecture.heads`) and showing the API's problem with it. */
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Issue, ScenarioInput } from '../api';
import { ACCEPTS, formatCompact, formatPercent, formatUsd, type NumberKind, numberKind, readField, toField } from '../format';
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

/**
 * Where a number box reports a text it cannot read ("1.5" in a box for whole numbers): the page
 * then marks its estimate stale, since it no longer matches what the form shows (null: nobody).
 */
export const LocalProblems = createContext<((path: string, problem: string | null) => void) | null>(null);

/** The texts a form's boxes could not read, by path, and the reporter LocalProblems provides. */
export function useUnread(): [Record<string, string>, (path: string, problem: string | null) => void] {
  const [unread, setUnread] = useState<Record<string, string>>({});
  const report = useCallback((path: string, problem: string | null) => {
    setUnread((u) => {
      if (problem) return u[path] === problem ? u : { ...u, [path]: problem };
      if (!(path in u)) return u;
      const { [path]: _gone, ...rest } = u;
      return rest;
    });
  }, []);
  return [unread, report];
}

/** The API's problems and the unread boxes' (which replace the API's on the same field). */
export function withUnread(issues: Issue[], unread: Record<string, string>): Issue[] {
  if (!Object.keys(unread).length) return issues;
  return [...issues.filter((i) => !(i.path in unread)), ...Object.entries(unread).map(([path, message]) => ({ path, message }))];
}

/** What a box of this kind echoes under a valid value: 40%, $2.50, 3.5M. */
function echo(value: number, kind: NumberKind): string | null {
  if (kind === 'fraction') return formatPercent(value);
  if (kind === 'usd') return formatUsd(value);
  return Math.abs(value) >= 1e4 ? formatCompact(value) : null;
}

/**
 * A number box bound to `path`. What it accepts follows the input's kind (numberKind: a fraction
 * also as "40%", a price also as "$2.50", whole numbers where the core wants them), and its hint
 * says so; a text it cannot read is its problem until fixed, and the page's estimate is stale.
 */
/**
 * A number box's text and its own problem (a text it cannot read), reported to the page's
 * LocalProblems while it lasts, so the estimate is marked stale. The text follows the value when
 * it changes from outside (reset, another field), not while it is being typed.
 */
export function useNumberText(value: number | undefined, path: string, kind: NumberKind) {
  const [text, setText] = useState(toField(value));
  const [local, setLocal] = useState<string | null>(null);
  const report = useContext(LocalProblems);
  // Before paint, so the box never shows its old text beside figures of its new value.
  useLayoutEffect(() => {
    const typed = readField(text, kind);
    if (!(text.trim() === '' && value === undefined) && !('value' in typed && typed.value === value)) {
      setText(toField(value));
      setLocal(null);
    }
  }, [value]);
  // Reported before paint, so the box's problem and the page's stale estimate show in one frame.
  useLayoutEffect(() => {
    report?.(path, local);
  }, [local, path]);
  useEffect(() => () => report?.(path, null), [path]);
  return { text, setText, local, setLocal };
}

export function NumberField({ input, path, label, placeholder, hint, wide, issues, onChange, kind: given }: FieldProps & { kind?: NumberKind }) {
  const kind = given ?? numberKind(path);
  const value = getIn(input, path) as number | undefined;
  const { text, setText, local, setLocal } = useNumberText(value, path, kind);
  const issue = issues.find((i) => i.path === path);
  const problem = local ?? issue?.message ?? null;
  const id = fieldId(path);
  const said = value !== undefined && !local ? echo(value, kind) : null;
  // Fractions and prices say what they take; any box says it once its text is refused.
  const accepts = kind === 'fraction' || kind === 'usd' ? ACCEPTS[kind] : null;
  const note = problem ?? hint ?? ([said, accepts && `write ${accepts}`].filter(Boolean).join(' · ') || null);
  return (
    <label class={`field ${problem ? 'invalid' : ''} ${wide ? 'wide' : ''}`}>
      <span class="label">{label}</span>
      <input
        id={id}
        type="text"
        inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
        spellcheck={false}
        value={text}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        data-path={path}
        data-kind={kind}
        onInput={(e) => {
          const t = (e.target as HTMLInputElement).value;
          setText(t);
          if (t.trim() === '') {
            setLocal(null);
            onChange(setIn(input, path, undefined));
            return;
          }
          const read = readField(t, kind);
          if ('problem' in read) {
            setLocal(read.problem);
            return;
          }
          setLocal(null);
          onChange(setIn(input, path, read.value));
        }}
      />
      {note && (
        <span class={problem ? 'problem' : 'hint'} id={`${id}-note`}>
          {note}
        </span>
      )}
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
