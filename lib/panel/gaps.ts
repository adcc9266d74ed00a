import type { Gap } from '../handoff/completeness';

/**
 * Gaps as a person reads them: most urgent first (blocking before recommended, the giver's before the
 * receiver's), and one line per message, since two criteria on one empty field say the same thing.
 */
export function gapsToShow(gaps: readonly Gap[]): Gap[] {
  const urgency = (gap: Gap) => (gap.blocking ? 0 : 2) + (gap.stage === 'entry' ? 1 : 0);
  const seen = new Set<string>();
  return [...gaps]
    .sort((a, b) => urgency(a) - urgency(b))
    .filter((gap) => {
      if (seen.has(gap.message)) return false;
      seen.add(gap.message);
      return true;
    });
}
