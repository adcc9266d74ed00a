// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/handoff/actor';
import { actors } from '../support/domain';
import { cleanupPanels, opportunityRecord, renderPanel, testEnvironment } from './panel-harness';

afterEach(async () => {
  await cleanupPanels();
});

function showPanel(actor: Actor, signedIn: boolean) {
  const environment = testEnvironment(actor);
  renderPanel(
    opportunityRecord,
    signedIn
      ? { ...environment, sync: { changed: () => {}, search: () => {}, retry: () => {} } }
      : environment,
  );
}

describe("the panel's view toggle", () => {
  it('takes a manager to the team page in the same frame, named "Team"', async () => {
    showPanel(actors.salesManager, true);
    const toggle = await screen.findByRole('navigation', { name: 'Panel view' });
    expect(within(toggle).getByText('This record').getAttribute('aria-current')).toBe('page');
    expect(within(toggle).getByText('Team').getAttribute('href')).toBe('/team.html?in=panel');
  });

  it('says "My handoffs" to a rep', async () => {
    showPanel(actors.rep, true);
    const toggle = await screen.findByRole('navigation', { name: 'Panel view' });
    expect(within(toggle).getByText('My handoffs').getAttribute('href')).toBe('/team.html?in=panel');
  });

  it('is not there without signing in: the team view lists what the API says', async () => {
    showPanel(actors.rep, false);
    await screen.findByText('Acme Corp', { selector: 'h1' });
    expect(screen.queryByRole('navigation', { name: 'Panel view' })).toBeNull();
  });
});
