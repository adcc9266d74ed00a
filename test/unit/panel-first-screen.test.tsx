// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelFirstScreen } from '../../components/panel/PanelFirstScreen';
import { cleanupPanels, opportunityRecord, renderPanel } from './panel-harness';

afterEach(async () => {
  cleanup();
  await cleanupPanels();
});

describe("the panel's first screen", () => {
  it('names the record before the drafts on this device are read', () => {
    render(<PanelFirstScreen record={opportunityRecord} />);

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme Corp');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('is the header the full panel starts with, so nothing moves when the panel arrives', async () => {
    const first = render(<PanelFirstScreen record={opportunityRecord} />);
    const firstHeader = first.container.querySelector('.baton-panel > header')?.outerHTML;
    first.unmount();

    renderPanel(opportunityRecord);
    await screen.findByRole('button', { name: 'Start handoff packet' });
    expect(document.querySelector('.baton-panel > header')?.outerHTML).toBe(firstHeader);
  });
});
