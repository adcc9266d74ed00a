/**
 * Answers that fill a box without saying anything. They do not count towards completeness and are
 * reported as placeholders, so a rep sees 'Decision notes says "TBD"' instead of a green tick.
 */
const placeholderAnswers = new Set([
  'n/a',
  'na',
  'n.a.',
  'tbd',
  'tbc',
  'tba',
  'todo',
  'to do',
  'unknown',
  'pending',
  'later',
  'asdf',
  'asdfgh',
  'qwerty',
  'test',
  'xxx',
  'foo',
  'bar',
  'placeholder',
  'fill in',
  'fill me',
  'see above',
  'same as above',
  'see notes',
  'lorem ipsum',
]);

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** How a text fills a box without saying anything: filler, or a copy of another field's text (by index). */
export type Placeholder = { kind: 'filler' } | { kind: 'copy'; of: number };

/** Whether a text is a placeholder, and which kind; null when it is a real answer. */
export function placeholderOf(text: string, otherTexts: readonly string[] = []): Placeholder | null {
  const answer = normalise(text);
  if (answer === '') return null;
  if (
    placeholderAnswers.has(answer.replace(/[.!?]+$/, '')) ||
    answer.startsWith('lorem ipsum') ||
    /^[\p{P}\p{S}\s]+$/u.test(answer) ||
    /^(.)\1+$/u.test(answer.replace(/\s/g, ''))
  )
    return { kind: 'filler' };
  const copied = answer.length >= 4 ? otherTexts.findIndex((other) => normalise(other) === answer) : -1;
  return copied === -1 ? null : { kind: 'copy', of: copied };
}
