import type { JSX, TargetedEvent } from 'preact';
import type { FieldType } from '../../../lib/handoff/fields';
import type { FieldValue } from '../../../lib/handoff/packet';
import { useDraft } from './use-draft';

export type TypedValue = FieldValue['value'];

interface ValueInputProps {
  id: string;
  label: string;
  type: FieldType;
  current: FieldValue | undefined;
  /** A value typed into this input is not committed yet. */
  unsaved: boolean;
  error: string | undefined;
  disabled: boolean;
  /** Each change as the person makes it; the editor coalesces typing. */
  onType: (value: TypedValue) => void;
  /** The person is done with the value (left the field, or picked it): write it now. */
  onCommit: () => void;
}

/** Reads an input's text as the value its field type stores; a number that does not parse is sent as typed,
 * so the mutator refuses it with its reason instead of it vanishing. */
function typedValue(type: FieldType, text: string): TypedValue {
  switch (type.kind) {
    case 'number': {
      if (text.trim() === '') return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'boolean':
      return text === 'true';
    case 'date':
    case 'choice':
      return text === '' ? null : text;
    default:
      return text;
  }
}

const longTextFrom = 1000;

/** One labelled control for one value, typed by the field catalogue, marked when the value came from the CRM. */
export function ValueInput(props: ValueInputProps) {
  const { id, label, type, current, unsaved, error, disabled, onType, onCommit } = props;
  const draft = useDraft(current, unsaved);
  const fromCrm = current?.source === 'crm' && current.value !== null;
  const describedBy = [fromCrm && `${id}-crm`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

  const typeText = (text: string) => {
    draft.change(text);
    onType(typedValue(type, text));
  };
  const pick = (text: string) => {
    typeText(text);
    onCommit();
  };
  const common = {
    id,
    disabled,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    onFocus: draft.focus,
    onBlur: () => {
      draft.blur();
      onCommit();
    },
  };
  const onTextInput = (event: TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    typeText(event.currentTarget.value);

  let control: JSX.Element;
  switch (type.kind) {
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={draft.text === 'true'}
          onChange={(event) => pick(String(event.currentTarget.checked))}
        />
      );
      break;
    case 'choice':
      control = (
        <select {...common} value={draft.text} onChange={(event) => pick(event.currentTarget.value)}>
          <option value="">Not set</option>
          {type.options.map((option) => (
            <option key={option} value={option}>
              {option.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      );
      break;
    case 'date':
      control = (
        <input
          {...common}
          type="date"
          value={draft.text}
          onChange={(event) => pick(event.currentTarget.value)}
        />
      );
      break;
    case 'number':
      control = (
        <input
          {...common}
          type="number"
          inputMode={type.integer ? 'numeric' : 'decimal'}
          min={type.min}
          step={type.integer ? 1 : 'any'}
          value={draft.text}
          onInput={onTextInput}
        />
      );
      break;
    case 'text':
      control =
        type.maxLength >= longTextFrom ? (
          <textarea
            {...common}
            rows={3}
            maxLength={type.maxLength}
            value={draft.text}
            onInput={onTextInput}
          />
        ) : (
          <input
            {...common}
            type="text"
            maxLength={type.maxLength}
            value={draft.text}
            onInput={onTextInput}
          />
        );
      break;
    case 'email':
      control = <input {...common} type="email" value={draft.text} onInput={onTextInput} />;
      break;
  }

  return (
    <div class={`baton-field baton-field-${type.kind}`}>
      <label htmlFor={id}>{label}</label>
      {fromCrm && (
        <span
          id={`${id}-crm`}
          class="baton-crm-mark"
          title="Prefilled from the CRM page; edit it to override"
        >
          from CRM
        </span>
      )}
      {control}
      {error && (
        <p id={`${id}-error`} class="baton-error">
          {error}
        </p>
      )}
    </div>
  );
}
