import { describe, expect, it } from 'vitest';
import { clampPanelWidth, defaultPanelLayout, minimumPanelWidth, parsePanelLayout } from './panel-layout';

describe('the panel layout', () => {
  it('keeps the width between the minimum and 80 % of the window, up to 800 px', () => {
    expect(clampPanelWidth(100, 1280)).toBe(minimumPanelWidth);
    expect(clampPanelWidth(500.4, 1280)).toBe(500);
    expect(clampPanelWidth(1100, 1280)).toBe(800);
    expect(clampPanelWidth(700, 800)).toBe(640);
    expect(clampPanelWidth(700, 300)).toBe(minimumPanelWidth);
  });

  it('reads back a stored layout, and falls back to the default for anything else', () => {
    expect(parsePanelLayout({ collapsed: true, width: 420 })).toEqual({ collapsed: true, width: 420 });
    expect(parsePanelLayout({ collapsed: 'yes', width: Number.NaN })).toEqual(defaultPanelLayout);
    expect(parsePanelLayout(undefined)).toEqual(defaultPanelLayout);
    expect(parsePanelLayout('wide')).toEqual(defaultPanelLayout);
  });
});
