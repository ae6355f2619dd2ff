/**
 * The form's Architecture section: off, the estimate is 6·N·D (as without it); on, the training
 * FLOPs are counted matmul by matmul from the architecture (docs/architectures.md), and the
 * family decides which fields there are.
 */
import { useState } from 'preact/hooks';
import type { ArchitectureFamily, ArchitectureInput, Issue, ScenarioInput } from '../api';
import { FAMILIES, FLAG_FIELDS, guessFamily, NUMBER_FIELDS, withFamily } from '../architecture';
import { fieldId } from '../ui';
import { CheckField, NumberField } from './fields';

export const ARCH = 'model.architecture';

/** Architecture on (as it was when turned off, if it was): model.layers and model.hiddenSize move into it, being the model's own shape. */
function turnOn(input: ScenarioInput, remembered: ArchitectureInput | null): ScenarioInput {
  const { layers, hiddenSize, ...model } = input.model;
  const architecture: ArchitectureInput = { ...(remembered ?? { family: guessFamily(input) }) };
  if (layers !== undefined) architecture.layers = layers;
  if (hiddenSize !== undefined) architecture.hiddenSize = hiddenSize;
  return { ...input, model: { ...model, architecture } };
}

/**
 * Architecture off: back to 6·N·D, keeping its layers and width for the attention term, and the
 * parameter count it gave when N was left to it.
 */
function turnOff(input: ScenarioInput, derivedParameters: number | null): ScenarioInput {
  const { architecture, ...model } = input.model;
  if (architecture?.layers !== undefined) model.layers = architecture.layers;
  if (architecture?.hiddenSize !== undefined) model.hiddenSize = architecture.hiddenSize;
  if (model.parameters === undefined && derivedParameters) model.parameters = derivedParameters;
  return { ...input, model };
}

export function ArchitectureSection({
  input,
  issues,
  onChange,
  derivedParameters,
}: {
  input: ScenarioInput;
  issues: Issue[];
  onChange(input: ScenarioInput): void;
  /** The parameter count of the last estimate (counted from the architecture when it is on). */
  derivedParameters: number | null;
}) {
  const architecture = input.model.architecture;
  // Turned off and on again, the architecture comes back as it was.
  const [remembered, setRemembered] = useState<ArchitectureInput | null>(null);
  const on = !!architecture;
  const family = architecture?.family;
  const familyIssue = issues.find((i) => i.path === `${ARCH}.family`);
  // A problem with the architecture as a whole is said under its toggle (which has its field id).
  const ownIssue = issues.find((i) => i.path === ARCH);
  const f = (path: string, label: string, placeholder: string) => (
    <NumberField key={path} input={input} path={path} label={label} placeholder={placeholder} issues={issues} onChange={onChange} />
  );

  return (
    <fieldset class={`architecture ${on ? 'on' : 'off'}`} data-testid="architecture">
      <legend>
        <label class="toggle">
          <input
            type="checkbox"
            id={fieldId(ARCH)}
            checked={on}
            aria-controls={on && architecture ? 'architecture-fields' : undefined}
            data-testid="architecture-toggle"
            onChange={(e) => {
              if ((e.target as HTMLInputElement).checked) onChange(turnOn(input, remembered));
              else {
                setRemembered(architecture ?? null);
                onChange(turnOff(input, derivedParameters));
              }
            }}
          />
          Architecture
        </label>
      </legend>
      {ownIssue && <p class="problem">{ownIssue.message}</p>}
      {!on && <p class="hint">Off: training FLOPs are 6·N·D. On: counted matmul by matmul from the transformer (DiT, MM-DiT, decoder), with attention.</p>}
      {on && architecture && (
        <div id="architecture-fields">
          <div class="grid">
            <label class={`field wide ${familyIssue ? 'invalid' : ''}`}>
              <span class="label">Family</span>
              <select
                id={fieldId(`${ARCH}.family`)}
                value={family}
                data-path={`${ARCH}.family`}
                onChange={(e) =>
                  onChange({
                    ...input,
                    model: { ...input.model, architecture: withFamily(architecture, (e.target as HTMLSelectElement).value as ArchitectureFamily) },
                  })
                }
              >
                {FAMILIES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              {familyIssue && <span class="problem">{familyIssue.message}</span>}
            </label>
            {NUMBER_FIELDS.filter((x) => family && x.families.includes(family)).map((x) => f(`${ARCH}.${x.key}`, x.label, x.placeholder(architecture)))}
            {FLAG_FIELDS.filter((x) => family && x.families.includes(family)).map((x) => (
              <CheckField key={x.key} input={input} path={`${ARCH}.${x.key}`} label={x.label} issues={issues} onChange={onChange} />
            ))}
          </div>
          <p class="hint">The patch is the tokenizer's (below). Empty fields take the default shown.</p>
        </div>
      )}
    </fieldset>
  );
}
