/**
 * A scenario's inputs as a form. Every change goes up at once; the page re-estimates.
 *
 * One section per part of the input: the model, its architecture and its frozen encoders
 * (EncodersForm.tsx), then the data (or the stages, StagesForm.tsx), then the tokenizer, training
 * and cluster (Parts.tsx), which a stage overrides under its own path prefix.
 */
import { formatCompact } from '../format';
import { fieldId } from '../ui';
import { ArchitectureSection } from './ArchitectureForm';
import { EncodersSection } from './EncodersForm';
import { NumberField } from './fields';
import { ClusterSection, DataSection, describeSource, type SectionProps, TokenizerSection, TrainingSection } from './Parts';
import { StagesSection, toStages } from './StagesForm';

export { describeSource };

/** A number field of a section: f(path, label, placeholder?, hint?). */
function numberFields({ input, issues, onChange }: SectionProps) {
  return (path: string, label: string, placeholder?: string, hint?: string) => (
    <NumberField input={input} path={path} label={label} placeholder={placeholder} hint={hint} issues={issues} onChange={onChange} />
  );
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

/** The encoder a path is under (`model.encoders[1]` for `model.encoders[1].parameters`), or null. */
function encoderOf(path: string): string | null {
  return /^model\.encoders\[\d+\]/.exec(path)?.[0] ?? null;
}

/** A shared section's title in a staged scenario. */
function Shared({ name }: { name: string }) {
  return (
    <>
      {name} <span class="legend-note">every stage's, unless it sets its own</span>
    </>
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
  const staged = input.stages !== undefined;
  // Problems no field shows; an encoder's problem on a field its block does not show is said on the block (EncodersForm.tsx).
  const general = issues.filter((i) => !document.getElementById(fieldId(i.path)) && !document.getElementById(fieldId(encoderOf(i.path) ?? '')));
  return (
    <form class="scenario-form" onSubmit={(e) => e.preventDefault()} data-testid="scenario-form">
      <ModelSection {...props} derivedParameters={derivedParameters} />
      <ArchitectureSection {...props} derivedParameters={derivedParameters} />
      <EncodersSection {...props} />
      {staged ? (
        <StagesSection {...props} />
      ) : (
        <DataSection
          {...props}
          at=""
          action={
            <button type="button" class="link" onClick={() => onChange(toStages(input))} data-testid="to-stages">
              train in stages
            </button>
          }
        />
      )}
      <TokenizerSection {...props} at="" legend={staged ? <Shared name="Tokenizer" /> : undefined} />
      <TrainingSection {...props} at="" legend={staged ? <Shared name="Training" /> : undefined} />
      <ClusterSection {...props} at="" legend={staged ? <Shared name="Cluster" /> : undefined} />
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
