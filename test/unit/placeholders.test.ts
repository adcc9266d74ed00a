import { describe, expect, it } from 'vitest';
import { placeholderReason } from '../../lib/handoff/placeholders';

describe('placeholderReason', () => {
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
    expect(placeholderReason(text)).not.toBeNull();
  });

  it.each(['Acme Corp', 'CFO', 'None of the integrations are custom', 'NA region first', 'Q1 go-live', '42'])(
    'accepts %j as an answer',
    (text) => {
      expect(placeholderReason(text)).toBeNull();
    },
  );

  it('calls a copy of another field a placeholder, but not a short coincidence', () => {
    expect(placeholderReason('Same words as the pains', ['same words as the  PAINS'])).toContain('copy');
    expect(placeholderReason('CFO', ['CFO'])).toBeNull();
  });

  it('leaves empty text to the "missing" check', () => {
    expect(placeholderReason('   ')).toBeNull();
  });
});
