/**
 * The DOM id of what to focus for a gap's field: a scalar field's input, a list's "add" input (`list`), an
 * item's field (`list.itemId.field`), `owners.giving` / `owners.receiving`, or `conflicts`.
 */
export function fieldDomId(field: string): string {
  return `baton-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Moves keyboard focus to a field and brings it into view; false when the panel does not show it. */
export function focusField(field: string): boolean {
  const element = document.getElementById(fieldDomId(field));
  if (!element) return false;
  element.focus();
  element.scrollIntoView?.({ block: 'center' });
  return true;
}
