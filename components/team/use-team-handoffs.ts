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
  | {
      status: 'ready';
      /** `teamFiltersKey` of the filters the list is for. */
      key: string;
      list: TeamHandoffsList;
      /** The API could not answer, and this is the list kept on this device: why. */
      stale: string | null;
      /** Shown while the API is asked for a newer one. */
      refreshing: boolean;
      moreProblem: string | null;
    }
  | { status: 'failed'; problem: string };

/** The list this device kept for these filters (null: none), shown while the API is asked. */
export type ReadKeptTeamHandoffs = (filters: TeamFilters) => Promise<TeamHandoffsList | null>;

/**
 * The list for these filters, fetched again when they change or on `retry`, showing meanwhile what is shown
 * or kept; `showMore` fetches the next page.
 */
export function useTeamHandoffs(
  load: LoadTeamHandoffs,
  readKept: ReadKeptTeamHandoffs,
  filters: TeamFilters,
) {
  const [state, setState] = useState<TeamListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  // An answer for filters no longer chosen is dropped.
  const current = useRef(0);
  const key = teamFiltersKey(filters);

  useEffect(() => {
    const request = ++current.current;
    let answered = false;
    const showing = (shown: TeamListState) => shown.status === 'ready' && shown.key === key;
    setState((shown) => (showing(shown) ? { ...shown, refreshing: true } : { status: 'loading' }));
    readKept(filters).then(
      (kept) => {
        if (!kept || answered || request !== current.current) return;
        setState((shown) =>
          showing(shown)
            ? shown
            : { status: 'ready', key, list: kept, stale: null, refreshing: true, moreProblem: null },
        );
      },
      // Without the kept list, the view waits for the API's.
      () => {},
    );
    load(filters, 0).then(
      (answer) => {
        answered = true;
        if (request === current.current) setState(firstPage(answer, key));
      },
      (error: unknown) => {
        answered = true;
        if (request === current.current)
          setState({ status: 'failed', problem: `Baton could not ask for the list: ${String(error)}` });
      },
    );
  }, [key, load, readKept, attempt]);

  const showMore = () => {
    if (state.status !== 'ready' || state.refreshing || state.list.nextOffset === null || loadingMore) return;
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

function firstPage(answer: TeamHandoffsAnswer, key: string): TeamListState {
  const ready = { status: 'ready', key, refreshing: false, moreProblem: null } as const;
  if (answer.ok) return { ...ready, list: answer.list, stale: null };
  if (answer.cached) return { ...ready, list: answer.cached, stale: answer.problem };
  return { status: 'failed', problem: answer.problem };
}
