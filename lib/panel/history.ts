import { useEffect, useState } from 'preact/hooks';
import { idsNamedByHistory } from '../device-sync/directory-cache';
import type { HistoryEvent } from '../handoff/history';
import type { HistoryLine } from '../handoff/history-words';
import type { HistoryWordsMessage } from '../page-messages';
import type { People } from './people';

export type HistoryWords =
  | { status: 'loading' }
  | { status: 'ready'; lines: HistoryLine[] }
  | { status: 'failed' };

/**
 * A packet's history in words, newest first, asked of the background again whenever the events or the
 * names change: the words stay out of the panel's bundle, the names are the panel's own.
 */
export function useHistoryWords(events: readonly HistoryEvent[] | undefined, people: People): HistoryWords {
  const [words, setWords] = useState<HistoryWords>({ status: 'loading' });
  useEffect(() => {
    if (events === undefined) return;
    const names: Record<string, string> = {};
    for (const id of idsNamedByHistory(events)) names[id] = people.nameOf(id);
    const message: HistoryWordsMessage = { type: 'history:describe', events: [...events], names };
    let current = true;
    browser.runtime.sendMessage(message).then(
      (lines: unknown) =>
        current && setWords(Array.isArray(lines) ? { status: 'ready', lines } : { status: 'failed' }),
      () => current && setWords({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [events, people]);
  return words;
}
