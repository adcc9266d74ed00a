import { describe, expect, it } from 'vitest';
import { toggleLabels } from './toggle-shortcut';

describe('the panel toggle labels', () => {
  it('name the key the browser assigned, for people and for assistive technology', () => {
    expect(toggleLabels('Ctrl+Shift+Y')).toEqual({
      collapse: 'Collapse the Baton panel (Ctrl+Shift+Y)',
      show: 'Show the Baton panel (Ctrl+Shift+Y)',
      keyShortcuts: 'Ctrl+Shift+Y',
    });
  });

  it('name no key when none is assigned', () => {
    for (const none of [null, '', '  '])
      expect(toggleLabels(none)).toEqual({
        collapse: 'Collapse the Baton panel',
        show: 'Show the Baton panel',
      });
  });

  it('show a key spelt in symbols, but do not pass it to aria-keyshortcuts, which cannot read it', () => {
    expect(toggleLabels('⌥⇧H')).toEqual({
      collapse: 'Collapse the Baton panel (⌥⇧H)',
      show: 'Show the Baton panel (⌥⇧H)',
    });
  });
});
