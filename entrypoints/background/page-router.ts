import type { Runtime } from 'webextension-polyfill';
import * as z from 'zod/mini';
import { prepareCommunications } from '@/lib/communications/prepare';
import { defaultPlaybook } from '@/lib/handoff/default-playbook';
import { historyLines } from '@/lib/handoff/history-words';
import { type CommunicationsAnswer, ExtensionPageMessage } from '@/lib/page-messages';
import { formatInstant } from '@/lib/panel/format';
import { accountOf, signInFromOptions, signOut } from './account';
import { dashboardGet } from './dashboard-data';
import { isExtensionPage } from './extension-pages';
import { contentOf, saveContent } from './playbook-content';
import type { SyncControl } from './sync';
import { teamHandoffsFor } from './team-handoffs';

/**
 * What our own pages ask of the background: panels ask for syncs, searches, their packet's
 * communications and history in words, and the local-only playbook; the options page signs in and out
 * and edits the adoption content; the team view asks for its list; the dashboard reads its figures.
 * Content scripts talk to the record router; everything is parsed before use all the same.
 */
export function startPageRouter(sync: SyncControl): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isExtensionPage(sender.url)) return;
    const parsed = z.safeParse(ExtensionPageMessage, message);
    if (!parsed.success) {
      console.warn('Baton: ignored an invalid message from an extension page', z.prettifyError(parsed.error));
      return;
    }
    const received = parsed.data;
    switch (received.type) {
      case 'sync:request':
        if (received.record) sync.openRecord(received.record);
        sync.request(received.reason);
        return;
      case 'packets:search':
        return sync.search(received.query).catch((error: unknown) => {
          console.warn('Baton: could not search the API', error);
        });
      case 'account:get':
        return accountOf();
      case 'account:sign-in':
        return signInFromOptions(received).then((answer) => {
          if (answer.ok) sync.request('signed-in');
          return answer;
        });
      case 'account:sign-out':
        // Not while a sync writes: it would put back some of what was just erased.
        return sync.exclusive(() => signOut(received.discardingUpTo));
      case 'communications:prepare':
        // A template that cannot render rejects this one answer instead of throwing in the listener.
        return Promise.resolve().then(
          (): CommunicationsAnswer => ({ templates: prepareCommunications(received) }),
        );
      case 'history:describe': {
        const { events, names } = received;
        const nameOf = (id: string | null) => (id === null ? 'nobody yet' : (names[id] ?? 'a colleague'));
        return Promise.resolve(historyLines(events, { nameOf, formatInstant }));
      }
      case 'playbook:local':
        return Promise.resolve(defaultPlaybook);
      case 'content:get':
        return contentOf();
      case 'content:save':
        return saveContent(received.content);
      case 'team:handoffs':
        return teamHandoffsFor(received);
      case 'dashboard:get':
        return dashboardGet(received.path);
    }
  });
}
