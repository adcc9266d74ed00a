import { useMemo, useState } from 'preact/hooks';
import { dashboardPath } from '@/lib/dashboard-paths';
import { Dashboard } from './Dashboard';
import { DashboardRequestError, type DashboardSource } from './data-source';

const tokenKey = 'baton.dashboard.token';

type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/** Reads the API this page is served by, on its own origin, with the token typed at sign-in. */
export function sameOriginSource(
  token: string,
  fetcher: Fetcher,
  onUnauthorized: () => void,
): DashboardSource {
  return {
    async get(path) {
      if (!dashboardPath.test(path)) throw new DashboardRequestError(`not a dashboard path: ${path}`, null);
      let response: Response;
      try {
        response = await fetcher(path, {
          headers: { authorization: `Bearer ${token}` },
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new DashboardRequestError('Cannot reach the API. Check your connection and try again.', null);
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body;
      if (response.status === 401) onUnauthorized();
      const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
      throw new DashboardRequestError(
        typeof message === 'string' ? `The API refused: ${message}` : `The API answered ${response.status}.`,
        response.status,
      );
    },
  };
}

/**
 * The dashboard for people without the extension, served by the API at /dashboard: a token typed here
 * stays in this tab's session storage (this origin only, gone when the tab closes).
 */
export function WebDashboard(props: { storage: Storage; fetcher: Fetcher }) {
  const { storage, fetcher } = props;
  const [token, setToken] = useState(() => storage.getItem(tokenKey));
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [typed, setTyped] = useState('');

  const signOut = (reason: string | null) => {
    storage.removeItem(tokenKey);
    setToken(null);
    setProblem(reason);
  };
  const source = useMemo(
    () =>
      token
        ? sameOriginSource(token, fetcher, () =>
            signOut('The API no longer accepts that token: sign in again.'),
          )
        : null,
    [token, fetcher],
  );

  const signIn = async (event: Event) => {
    event.preventDefault();
    const candidate = typed.trim();
    if (!candidate) return setProblem('Paste your API token.');
    setChecking(true);
    try {
      await sameOriginSource(candidate, fetcher, () => undefined).get('/v1/me');
      storage.setItem(tokenKey, candidate);
      setTyped('');
      setToken(candidate);
      setProblem(null);
    } catch (error) {
      setProblem(
        error instanceof DashboardRequestError && error.status === 401
          ? 'That token is not valid.'
          : String((error as Error).message),
      );
    } finally {
      setChecking(false);
    }
  };

  if (!source)
    return (
      <main class="dashboard">
        <h1>Baton outcome dashboard</h1>
        <form class="sign-in" onSubmit={signIn} aria-label="Sign in">
          <label for="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
          />
          <p class="empty">Your token stays in this tab only. Ask an admin for one.</p>
          <button type="submit" disabled={checking}>
            Sign in
          </button>
          {problem && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
        </form>
      </main>
    );
  return (
    <Dashboard
      source={source}
      header={
        <button type="button" onClick={() => signOut(null)}>
          Sign out
        </button>
      }
    />
  );
}
