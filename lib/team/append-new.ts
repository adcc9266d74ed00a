import type { TeamHandoffView } from './handoffs';

/** Rows not already shown: between two pages a handoff can move down the order and come again. */
export function appendNew(shown: TeamHandoffView[], page: TeamHandoffView[]): TeamHandoffView[] {
  const ids = new Set(shown.map((row) => row.id));
  return [...shown, ...page.filter((row) => !ids.has(row.id))];
}
