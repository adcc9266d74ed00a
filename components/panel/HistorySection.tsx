import { useEffect, useRef, useState } from 'preact/hooks';
import { historyOf } from '../../lib/db/queries';
import type { HistoryLine } from '../../lib/handoff/history-words';
import { usePanelEnvironment } from '../../lib/panel/environment';
import { formatInstant } from '../../lib/panel/format';
import { useHistoryWords } from '../../lib/panel/history';
import { usePeople } from '../../lib/panel/people';
import { useLiveQuery } from '../../lib/panel/use-live-query';
import { usePacketView } from './packet-view';

/** Lines shown at first, and added by each "Show older": a long history stays quick to scan. */
export const historyPageSize = 20;

/** Returns and SLA steps carry a word as well as a colour, so they stand out to everyone. */
const tags: Record<HistoryLine['kind'], string | null> = { change: null, return: 'Return', sla: 'SLA' };

function Line({ line }: { line: HistoryLine }) {
  const tag = tags[line.kind];
  return (
    <li class={`baton-history-line baton-history-${line.kind}`} tabIndex={-1}>
      {tag && (
        <>
          <span class="baton-tag">{tag}</span>{' '}
        </>
      )}
      {line.text}{' '}
      <time class="baton-muted" dateTime={line.at}>
        {formatInstant(line.at)}
      </time>
    </li>
  );
}

function HistoryLines() {
  const { db } = usePanelEnvironment();
  const { packet } = usePacketView();
  const people = usePeople();
  const history = useLiveQuery(() => historyOf(db, packet.id), [db, packet.id]);
  const words = useHistoryWords(history.status === 'ready' ? history.value : undefined, people);
  const [shown, setShown] = useState(historyPageSize);
  const list = useRef<HTMLUListElement>(null);
  // After "Show older", focus goes to the first older line, so a keyboard user reads on from there.
  const firstOlder = useRef<number | null>(null);
  useEffect(() => {
    if (firstOlder.current === null) return;
    (list.current?.children[firstOlder.current] as HTMLElement | undefined)?.focus();
    firstOlder.current = null;
  }, [shown]);

  if (history.status === 'failed' || words.status === 'failed')
    return <p class="baton-error">Could not read the packet's history.</p>;
  if (words.status === 'loading') return null;
  const { lines } = words;
  if (lines.length === 0) return <p class="baton-muted">Nothing recorded on this device yet.</p>;
  const showOlder = () => {
    firstOlder.current = shown;
    setShown(shown + historyPageSize);
  };
  return (
    <>
      <ul class="baton-history-lines" ref={list}>
        {lines.slice(0, shown).map((line) => (
          <Line key={line.seq} line={line} />
        ))}
      </ul>
      {lines.length > shown && (
        <button type="button" class="baton-secondary" onClick={showOlder}>
          Show older
        </button>
      )}
    </>
  );
}

/**
 * Who did what when to the packet, newest first, in words. Collapsed until asked for: histories are long,
 * and the sections above are what needs attention.
 */
export function HistorySection() {
  const [open, setOpen] = useState(false);
  return (
    <section class="baton-history" aria-labelledby="baton-history-title">
      <h2 id="baton-history-title">
        <button
          type="button"
          class="baton-disclosure"
          aria-expanded={open}
          aria-controls="baton-history-body"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> History
        </button>
      </h2>
      <div id="baton-history-body" hidden={!open}>
        {open && <HistoryLines />}
      </div>
    </section>
  );
}
