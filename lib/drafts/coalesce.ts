/**
 * Sends the value a person typed once per pause rather than once per keystroke, so the history shows edits.
 * `send` writes a value based on a revision and returns the revision it produced (null when the write
 * changed nothing, was refused or became a conflict); it reports its own failures and never rejects.
 */
export type SendEdit<Value> = (value: Value, baseRev: string | null) => Promise<string | null>;

interface PendingEdit<Value> {
  value: Value;
  /** The revision the person saw when this burst of typing began. */
  seenRev: string | null;
  send: SendEdit<Value>;
  timer: ReturnType<typeof setTimeout>;
}

export interface Coalescer<Value> {
  edit(key: string, value: Value, seenRev: string | null, send: SendEdit<Value>): void;
  /** Sends the key's pending value now, e.g. when its field loses focus; resolves once it is written. */
  flush(key: string): Promise<void>;
  flushAll(): Promise<void>;
}

export function createCoalescer<Value>(options: {
  pauseMs: number;
  /** Keys with a value typed but not yet committed: waiting for the pause or being written. */
  onUnsavedChange?: (unsavedKeys: string[]) => void;
}): Coalescer<Value> {
  const pending = new Map<string, PendingEdit<Value>>();
  const inFlight = new Map<string, Promise<void>>();
  /**
   * Per key, each revision this client replaced and the revision that replaced it. The screen can show a
   * value from before our own last write for a moment; following the chain bases the next edit on our
   * write rather than turning it into a conflict with ourselves.
   */
  const ownWrites = new Map<string, Map<string | null, string>>();

  const notify = () => options.onUnsavedChange?.([...new Set([...pending.keys(), ...inFlight.keys()])]);

  function latestOwnRev(key: string, rev: string | null): string | null {
    const chain = ownWrites.get(key);
    let current = rev;
    const visited = new Set<string | null>();
    while (chain?.has(current) && !visited.has(current)) {
      visited.add(current);
      current = chain.get(current) ?? null;
    }
    return current;
  }

  async function write(key: string, edit: PendingEdit<Value>): Promise<void> {
    await inFlight.get(key);
    const baseRev = latestOwnRev(key, edit.seenRev);
    const written = await edit.send(edit.value, baseRev);
    if (written === null) return;
    const chain = ownWrites.get(key) ?? new Map<string | null, string>();
    chain.set(baseRev, written);
    ownWrites.set(key, chain);
  }

  function flush(key: string): Promise<void> {
    const edit = pending.get(key);
    if (!edit) return inFlight.get(key) ?? Promise.resolve();
    clearTimeout(edit.timer);
    pending.delete(key);
    const writing = write(key, edit).finally(() => {
      if (inFlight.get(key) !== writing) return;
      inFlight.delete(key);
      notify();
    });
    inFlight.set(key, writing);
    notify();
    return writing;
  }

  return {
    edit(key, value, seenRev, send) {
      const existing = pending.get(key);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => void flush(key), options.pauseMs);
      pending.set(key, { value, seenRev: existing ? existing.seenRev : seenRev, send, timer });
      if (!existing) notify();
    },
    flush,
    async flushAll() {
      await Promise.all([...pending.keys(), ...inFlight.keys()].map(flush));
    },
  };
}
