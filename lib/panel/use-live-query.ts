import { liveQuery } from 'dexie';
import { type Inputs, useEffect, useState } from 'preact/hooks';

export type LiveQueryState<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: Error };

/**
 * Dexie's live query as a Preact hook (dexie-react-hooks needs React): re-runs when any tab, the background or
 * this panel commits a change to what the query read.
 */
export function useLiveQuery<T>(query: () => Promise<T>, inputs: Inputs): LiveQueryState<T> {
  const [state, setState] = useState<LiveQueryState<T>>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ status: 'ready', value }),
      error: (error: unknown) =>
        setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    });
    return () => subscription.unsubscribe();
  }, inputs);
  return state;
}
