/**
 * Answers that fill a box without saying anything. They do not count towards completeness and are
 * reported as placeholders, so a rep sees "Decision notes says 'TBD'" instead of a green tick.
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

/** Why a text counts as a placeholder, or null when it is a real answer. */
export function placeholderReason(text: string, otherTexts: readonly string[] = []): string | null {
  const answer = normalise(text);
  if (answer === '') return null;
  if (placeholderAnswers.has(answer.replace(/[.!?]+$/, ''))) return `"${text.trim()}" is a placeholder`;
  if (answer.startsWith('lorem ipsum')) return 'lorem ipsum is filler text';
  if (/^[\p{P}\p{S}\s]+$/u.test(answer)) return `"${text.trim()}" has no words`;
  if (/^(.)\1+$/u.test(answer.replace(/\s/g, ''))) return `"${text.trim()}" repeats one character`;
  if (answer.length >= 4 && otherTexts.some((other) => normalise(other) === answer))
    return 'it is a copy of another field';
  return null;
}
