import { useEffect, useRef, useState } from 'preact/hooks';
import { appendNew } from '../../lib/team/append-new';
import {
  type TeamFilters,
  type TeamHandoffsAnswer,
  type TeamHandoffsList,
  teamFiltersKey,
} from '../../lib/team/handoffs';

/** How the team view gets a page: from the background, which holds the token (a stub in tests). */
export type LoadTeamHandoffs = (filters: TeamFilters, offset: number) => Promise<TeamHandoffsAnswer>;

export type TeamListState =
  | { status: 'loading' }
  /** `stale`: the API could not answer, and this is the list kept on this device, with why. */
  | { status: 'ready'; list: TeamHandoffsList; stale: string | null; moreProblem: string | null }
  | { status: 'failed'; problem: string };

/** The list for these filters, fetched again when they change or on `retry`; `showMore` fetches the next page. */
export function useTeamHandoffs(load: LoadTeamHandoffs, filters: TeamFilters) {
  const [state, setState] = useState<TeamListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  // An answer for filters no longer chosen is dropped.
  const current = useRef(0);
  const key = teamFiltersKey(filters);

  useEffect(() => {
    const request = ++current.current;
    setState({ status: 'loading' });
    load(filters, 0).then(
      (answer) => {
        if (request === current.current) setState(firstPage(answer));
      },
      (error: unknown) => {
        if (request === current.current)
          setState({ status: 'failed', problem: `Baton could not ask for the list: ${String(error)}` });
      },
    );
  }, [key, load, attempt]);

  const showMore = () => {
    if (state.status !== 'ready' || state.list.nextOffset === null || loadingMore) return;
    const request = current.current;
    const shown = state;
    setLoadingMore(true);
    load(filters, state.list.nextOffset)
      .then(
        (answer): TeamListState => {
          if (!answer.ok) return { ...shown, moreProblem: answer.problem };
          const { list } = answer;
          return {
            ...shown,
            list: {
              ...list,
              handoffs: appendNew(shown.list.handoffs, list.handoffs),
              skipped: shown.list.skipped + list.skipped,
            },
            moreProblem: null,
          };
        },
        (error: unknown): TeamListState => ({ ...shown, moreProblem: String(error) }),
      )
      .then((next) => {
        setLoadingMore(false);
        if (request === current.current) setState(next);
      });
  };

  return { state, loadingMore, showMore, retry: () => setAttempt((count) => count + 1) };
}

function firstPage(answer: TeamHandoffsAnswer): TeamListState {
  if (answer.ok) return { status: 'ready', list: answer.list, stale: null, moreProblem: null };
  if (answer.cached)
    return { status: 'ready', list: answer.cached, stale: answer.problem, moreProblem: null };
  return { status: 'failed', problem: answer.problem };
}
