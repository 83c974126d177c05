// Loads data for a page; `reload` after an action. Errors are ApiFailure with a Chinese message.
import { useCallback, useEffect, useState } from 'react';
import type { ApiFailure } from './api';

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: ApiFailure | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: ApiFailure) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
