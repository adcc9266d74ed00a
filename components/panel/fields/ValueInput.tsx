import type { JSX, TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { asDomain, type FieldType } from '../../../lib/handoff/fields';
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
    case 'domain':
      return text.trim() === '' ? null : asDomain(text);
    default:
      return text;
  }
}

const longTextFrom = 1000;
const count = new Intl.NumberFormat('en-US');

/** Today as YYYY-MM-DD on this device's calendar: a date input's values are local dates. */
function localToday(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * What the browser's maxLength silently drops from a paste, said where it happens; null when it all fits.
 * The input still holds its value from before the paste.
 */
function cutByPaste(event: ClipboardEvent, label: string, maxLength: number): string | null {
  const target = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
  const pasted = event.clipboardData?.getData('text') ?? '';
  const replaced = (target.selectionEnd ?? 0) - (target.selectionStart ?? 0);
  const room = maxLength - (target.value.length - replaced);
  if (pasted.length <= room) return null;
  return (
    `Only ${count.format(maxLength)} characters fit in ${label}: the last ` +
    `${count.format(pasted.length - Math.max(room, 0))} of the ${count.format(pasted.length)} pasted were left out.`
  );
}

/** One labelled control for one value, typed by the field catalogue, marked when the value came from the CRM. */
export function ValueInput(props: ValueInputProps) {
  const { id, label, type, current, unsaved, error, disabled, onType, onCommit } = props;
  const draft = useDraft(current, unsaved);
  const [cutNote, setCutNote] = useState<string | null>(null);
  const fromCrm = current?.source === 'crm' && current.value !== null;
  // Only a date just picked: an old target is in the past by now, and rightly so.
  const pastTarget =
    type.kind === 'date' &&
    type.ahead === true &&
    draft.text !== '' &&
    draft.text !== (current?.value ?? '') &&
    draft.text < localToday();
  const note = cutNote ?? (pastTarget ? `${label} is in the past: is that the date you meant?` : null);
  const describedBy =
    [fromCrm && `${id}-crm`, error && `${id}-error`, note && `${id}-note`].filter(Boolean).join(' ') ||
    undefined;

  const typeText = (text: string) => {
    draft.change(text);
    if (cutNote && text.length < (type.kind === 'text' ? type.maxLength : 0)) setCutNote(null);
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
  const onPaste = (event: ClipboardEvent) => {
    if (type.kind === 'text') setCutNote(cutByPaste(event, label, type.maxLength));
  };

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
            onPaste={onPaste}
          />
        ) : (
          <input
            {...common}
            type="text"
            maxLength={type.maxLength}
            value={draft.text}
            onInput={onTextInput}
            onPaste={onPaste}
          />
        );
      break;
    case 'email':
      control = <input {...common} type="email" value={draft.text} onInput={onTextInput} />;
      break;
    case 'domain':
      control = <input {...common} type="text" inputMode="url" value={draft.text} onInput={onTextInput} />;
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
      {note && (
        <p id={`${id}-note`} class="baton-note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
