import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

/**
 * Zustand's React binding needs `react` (preact/compat, ~4 KB more in the panel bundle); the vanilla store and
 * this hook on preact/hooks do the same job. The slice is read while rendering, so it is never stale, and a
 * store change re-renders only when the slice differs by `Object.is`: select a value or a stored reference.
 */
export function useStore<State, Slice>(store: StoreApi<State>, select: (state: State) => Slice): Slice {
  const [, rerender] = useState(0);
  const slice = select(store.getState());
  const latest = useRef({ select, slice });
  latest.current = { select, slice };
  useEffect(() => {
    const check = (state: State) => {
      if (!Object.is(latest.current.select(state), latest.current.slice)) rerender((count) => count + 1);
    };
    check(store.getState());
    return store.subscribe(check);
  }, [store]);
  return slice;
}
