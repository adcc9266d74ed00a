import { useEffect, useState } from 'preact/hooks';
import type { FieldValue } from '../../../lib/handoff/packet';

export function textOf(value: FieldValue['value'] | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * What an input shows: the person's own text while they type and until it is stored, the packet's value
 * otherwise. The text is dropped once nothing of it is left unsaved and the field no longer shows the
 * revision the typing started from (it was written, resolved or changed elsewhere) or already holds the text.
 * A refused text stays, beside its reason, so nothing typed silently disappears.
 */
export function useDraft(current: FieldValue | undefined, unsaved: boolean) {
  const [draft, setDraft] = useState<{ text: string; fromRev: string | null } | null>(null);
  const [focused, setFocused] = useState(false);
  const rev = current?.rev ?? null;
  const stored = textOf(current?.value);

  useEffect(() => {
    if (draft === null || focused || unsaved) return;
    if (rev !== draft.fromRev || stored === draft.text) setDraft(null);
  }, [draft, focused, unsaved, rev, stored]);

  return {
    text: draft?.text ?? stored,
    change(text: string) {
      setDraft((previous) => ({ text, fromRev: previous?.fromRev ?? rev }));
    },
    focus: () => setFocused(true),
    blur: () => setFocused(false),
  };
}
