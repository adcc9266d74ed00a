import { describe, expect, it } from 'vitest';
import { placeholderOf } from '../../lib/handoff/placeholders';

describe('placeholderOf', () => {
  it.each([
    'N/A',
    'n/a',
    'TBD',
    ' tbd. ',
    '-',
    '--',
    '?',
    'asdf',
    'Lorem ipsum dolor sit amet',
    'xxxx',
    'To do',
  ])('calls %j a placeholder', (text) => {
    expect(placeholderOf(text)).toEqual({ kind: 'filler' });
  });

  it.each(['Acme Corp', 'CFO', 'None of the integrations are custom', 'NA region first', 'Q1 go-live', '42'])(
    'accepts %j as an answer',
    (text) => {
      expect(placeholderOf(text)).toBeNull();
    },
  );

  it('calls a copy of another field a placeholder, but not a short coincidence', () => {
    expect(placeholderOf('Same words as the pains', ['Q1 go-live', 'same words as the  PAINS'])).toEqual({
      kind: 'copy',
      of: 1,
    });
    expect(placeholderOf('CFO', ['CFO'])).toBeNull();
  });

  it('leaves empty text to the "missing" check', () => {
    expect(placeholderOf('   ')).toBeNull();
  });
});
