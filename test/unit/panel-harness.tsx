import 'fake-indexeddb/auto';
import { cleanup, configure, render, screen, waitFor } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { PanelApp } from '../../components/panel/PanelApp';
import type { PanelRecord } from '../../components/panel/types';
import { startPageRouter } from '../../entrypoints/background/page-router';
import { BatonDatabase } from '../../lib/db/database';
import { storeDirectory } from '../../lib/device-sync/directory-cache';
import type { Directory } from '../../lib/directory';
import { applyLocal } from '../../lib/drafts/apply-local';
import type { Actor } from '../../lib/handoff/actor';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import type { HandoffPoint } from '../../lib/handoff/handoff-points';
import type { Packet } from '../../lib/handoff/packet';
import { localActor, type PanelEnvironment, PanelEnvironmentContext } from '../../lib/panel/environment';
import type { MutationArgs, MutationName } from '../../lib/sync/mutations';
import { testDirectory } from '../support/directory';

const panelPage: Runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'chrome-extension://baton/panel.html',
};

/**
 * Panels' messages answered by the real background page router, in this process through WXT's fake
 * browser (which delivers a message with an empty sender, where the real one names the panel page).
 */
export function answerFromBackground(): void {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, panelPage);
    return answers.find((answer) => answer !== undefined);
  });
  startPageRouter({
    request: vi.fn(),
    exclusive: (job) => job(),
    openRecord: () => {},
    search: async () => {},
  });
}

// Queries over the whole panel are slow in happy-dom (ByRole most of all): tests query by label or text, or
// by role only within a small container, and wait up to 3 s so a busy machine does not fail them.
configure({ asyncUtilTimeout: 3000 });

/** What the Salesforce adapter reports for a closed-won opportunity page. */
export const opportunityRecord: PanelRecord = {
  system: 'salesforce',
  instance: 'acme',
  objectKind: 'opportunity',
  nativeType: 'Opportunity',
  id: '006xx000001AbCdAAK',
  url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006xx000001AbCdAAK/view',
  name: 'Acme Corp',
  context: {
    amount: 120000,
    stage: 'Closed Won',
    closeDate: '2026-11-02',
    owner: 'Dana Rep',
    account: 'Acme Corp',
  },
};

/** What the Zendesk adapter reports for the same customer's organization. */
export const zendeskOrganization: PanelRecord = {
  system: 'zendesk',
  instance: 'acme',
  objectKind: 'account',
  nativeType: 'organization',
  id: '360001',
  url: 'https://acme.zendesk.com/agent/organizations/360001',
  name: 'Acme Corp',
};

const testEnvironments: PanelEnvironment[] = [];

export function testEnvironment(actor: Actor = localActor): PanelEnvironment {
  const environment = {
    db: new BatonDatabase(`panel-${crypto.randomUUID()}`),
    actor,
    playbook: defaultPlaybook,
    typingPauseMs: 40,
  };
  testEnvironments.push(environment);
  return environment;
}

export function renderPanel(record: PanelRecord, environment = testEnvironment()) {
  const panel = (shown: PanelRecord) => (
    <PanelEnvironmentContext.Provider value={environment}>
      <PanelApp record={shown} />
    </PanelEnvironmentContext.Provider>
  );
  const view = render(panel(record));
  /** The background sends the record again, as when the page has rendered its name since. */
  const showRecord = (shown: PanelRecord) => view.rerender(panel(shown));
  return { ...view, environment, db: environment.db, showRecord };
}

/** Unmounts every rendered panel and deletes its database; call from `afterEach`. */
export async function cleanupPanels() {
  cleanup();
  await Promise.all(testEnvironments.splice(0).map((environment) => environment.db.delete()));
}

/** Applies a change as the given person would on this device, and returns the packet after it. */
export async function change<Name extends MutationName>(
  environment: PanelEnvironment,
  name: Name,
  args: MutationArgs<Name>,
  actor: Actor = environment.actor,
): Promise<Packet> {
  const result = await applyLocal(environment.db, name, args, actor, environment.playbook);
  if (!result.ok) throw new Error(`${name} refused: ${result.message}`);
  return result.packet;
}

/**
 * Starts a packet on the Salesforce opportunity as `actor` (the environment's person unless given), as the
 * panel's start screen does: naming no receiving team.
 */
export async function startPacket(
  environment: PanelEnvironment,
  options: { handoffPoint?: HandoffPoint; prefill?: Record<string, string | number>; actor?: Actor } = {},
): Promise<Packet> {
  const { system, instance, objectKind, id } = opportunityRecord;
  const args = {
    packetId: crypto.randomUUID(),
    handoffPoint: options.handoffPoint ?? 'sales_to_cs',
    record: { system, instance, objectKind, id },
    prefill: options.prefill ?? { 'customer.name': 'Acme Corp' },
  };
  return change(environment, 'createPacket', args, options.actor);
}

/** The save indicator's text. */
export function saveStatus(): string {
  return document.querySelector('[role="status"]')?.textContent ?? '';
}

export async function waitForSaveStatus(text: string) {
  await waitFor(() => {
    if (saveStatus() !== text) throw new Error(`the save state says "${saveStatus()}", not "${text}"`);
  });
}

/** A list's fieldset, found by its legend. */
export function listGroup(label: string): HTMLElement {
  const group = screen.getByText(label, { selector: 'legend' }).closest('fieldset');
  if (!group) throw new Error(`no list "${label}"`);
  return group;
}

/** Puts the directory on the panel's device, as the background does after a sync. */
export function storeTestDirectory(environment: PanelEnvironment, directory: Directory = testDirectory) {
  return storeDirectory(environment.db, directory, new Date());
}
