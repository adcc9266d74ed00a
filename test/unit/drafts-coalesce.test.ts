import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatonDatabase } from '../../lib/db/database';
import { createCoalescer } from '../../lib/drafts/coalesce';
import { defaultPlaybook } from '../../lib/handoff/default-playbook';
import { createPanelEditor } from '../../lib/panel/editor';
import { localActor } from '../../lib/panel/environment';
import { createPanelStore } from '../../lib/panel/store';
import { salesforceOpportunity } from '../support/domain';

type Sent = { key: string; value: string; baseRev: string | null };

/** A fake writer that records what it was sent and answers with a fresh revision per write. */
function recorder() {
  const sent: Sent[] = [];
  const sender = (key: string) => async (value: string, baseRev: string | null) => {
    sent.push({ key, value, baseRev });
    return `client/${sent.length}`;
  };
  return { sent, sender };
}

describe('the typing coalescer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one edit per field per pause, with the last value and the revision seen when typing began', async () => {
    vi.useFakeTimers();
    const { sent, sender } = recorder();
    const coalescer = createCoalescer<string>({ pauseMs: 600 });
    for (const text of ['A', 'Ac', 'Acm', 'Acme']) {
      coalescer.edit('customer.name', text, 'crm/1', sender('customer.name'));
      await vi.advanceTimersByTimeAsync(200);
    }
    coalescer.edit('decisionNotes', 'Chose us', null, sender('decisionNotes'));
    expect(sent).toEqual([]);

    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([
      { key: 'customer.name', value: 'Acme', baseRev: 'crm/1' },
      { key: 'decisionNotes', value: 'Chose us', baseRev: null },
    ]);
  });

  it('bases the next pause on its own last write even while the screen still shows the older revision', async () => {
    vi.useFakeTimers();
    const { sent, sender } = recorder();
    const coalescer = createCoalescer<string>({ pauseMs: 600 });
    coalescer.edit('customer.name', 'Acme', 'crm/1', sender('customer.name'));
    await vi.advanceTimersByTimeAsync(600);
    coalescer.edit('customer.name', 'Acme Corp', 'crm/1', sender('customer.name'));
    await vi.advanceTimersByTimeAsync(600);
    coalescer.edit('customer.name', 'Acme Corporation', 'someone-else/7', sender('customer.name'));
    await vi.advanceTimersByTimeAsync(600);
    expect(sent.map((edit) => edit.baseRev)).toEqual(['crm/1', 'client/1', 'someone-else/7']);
  });

  it('writes at once on flush, in order per field, and reports what is still unsaved', async () => {
    const unsaved: string[][] = [];
    let release: () => void = () => {};
    const sent: string[] = [];
    const coalescer = createCoalescer<string>({
      pauseMs: 60_000,
      onUnsavedChange: (keys) => unsaved.push(keys),
    });
    const slowSend = async (value: string) => {
      sent.push(value);
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return `client/${sent.length}`;
    };
    coalescer.edit('scope.seats', 'first', null, slowSend);
    const first = coalescer.flush('scope.seats');
    coalescer.edit('scope.seats', 'second', null, slowSend);
    const second = coalescer.flush('scope.seats');
    await Promise.resolve();
    expect(sent).toEqual(['first']);
    release();
    await Promise.all([first, second]);
    expect(sent).toEqual(['first', 'second']);
    expect(unsaved.at(0)).toEqual(['scope.seats']);
    expect(unsaved.at(-1)).toEqual([]);
  });
});

describe('typing through the panel editor', () => {
  it('stores one setField per field per pause, so the history shows edits rather than keystrokes', async () => {
    const db = new BatonDatabase(`coalesce-${crypto.randomUUID()}`);
    const store = createPanelStore();
    const editor = createPanelEditor(
      { db, actor: localActor, playbook: defaultPlaybook, typingPauseMs: 30 },
      store,
    );
    const started = await editor.run(
      'createPacket',
      { packetId: crypto.randomUUID(), handoffPoint: 'sales_to_cs', record: salesforceOpportunity },
      { action: 'start' },
    );
    if (!started.ok) throw new Error(started.message);
    const packetId = started.packet.id;

    const notes = 'Chose us over the incumbent for the Salesforce integration.';
    for (let length = 1; length <= notes.length; length++)
      editor.typeField(packetId, 'decisionNotes', notes.slice(0, length), null);
    for (const seats of ['2', '20', '200']) editor.typeField(packetId, 'scope.seats', Number(seats), null);
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 60));

    const outbox = await db.outbox.toArray();
    expect(outbox.map((row) => row.name)).toEqual(['createPacket', 'setField', 'setField']);
    const packet = (await db.packets.get(packetId))?.packet;
    expect(packet?.fields.decisionNotes?.value).toBe(notes);
    expect(packet?.fields['scope.seats']?.value).toBe(200);
    expect(store.getState().save).toMatchObject({ unsavedKeys: [], writing: 0, failure: null });

    editor.typeField(packetId, 'decisionNotes', `${notes} CFO wants a Q1 go-live.`, null);
    await editor.flushAll();
    const history = await db.history.where('packetId').equals(packetId).toArray();
    expect(history.filter((event) => event.type === 'field_set')).toHaveLength(3);
    expect(history.filter((event) => event.type === 'conflict_opened')).toEqual([]);
    await db.delete();
  });
});
