import { useEffect, useState } from 'preact/hooks';
import type { SignInAnswer, SignInMessage } from '@/lib/page-messages';
import { askBackground } from './ask-background';
import { managedApiUrl } from './managed-settings';

/** The origin to ask permission for, or null when the address is not an http(s) URL. */
function originOf(url: string): string | null {
  if (!URL.canParse(url.trim())) return null;
  const { protocol, origin } = new URL(url.trim());
  return protocol === 'https:' || protocol === 'http:' ? origin : null;
}

/**
 * API URL and token: the background tests them against the API before anything is kept. Signed in already,
 * it takes a new token for the same person (a rotated one) and keeps this device's drafts.
 */
export function SignIn({ onSignedIn, currentUrl }: { onSignedIn: () => void; currentUrl?: string }) {
  const [preset, setPreset] = useState<string | null>(null);
  const [url, setUrl] = useState(currentUrl ?? '');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notify, setNotify] = useState(true);

  useEffect(() => {
    void managedApiUrl().then((managed) => {
      setPreset(managed);
      if (managed) setUrl(managed);
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    // Checked here, not by the browser (the form has noValidate): "Please enter a URL" would not say what an
    // API address looks like, and a blank token would reach the background, which ignores it unanswered.
    const origin = originOf(url);
    if (!origin) {
      setProblem('Enter the API address, such as https://baton.example.com.');
      return;
    }
    if (token.trim() === '') {
      setProblem('Enter your token: your Baton admin gives you one.');
      return;
    }
    // First, while the click still counts as the person's gesture: the browser asks them to allow this one
    // origin, the only one the token is ever sent to. A sign-in that fails gives back what it was given.
    // Nothing is awaited before the request: Firefox forgets the gesture across an await.
    const origins = [`${origin}/*`];
    const permissions: ['notifications'] | [] = notify ? ['notifications'] : [];
    const held = browser.permissions.contains({ origins });
    const notifying = browser.permissions.contains({ permissions: ['notifications'] });
    const granted = browser.permissions.request({ origins, permissions });
    const heldBefore = await held;
    const notifyingBefore = await notifying;
    if (!(await granted)) {
      setProblem(`Baton needs your permission to reach ${origin}.`);
      return;
    }
    setBusy(true);
    setProblem(null);
    const message: SignInMessage = { type: 'account:sign-in', url, token };
    const answer = await askBackground<SignInAnswer>(message).catch((error: unknown) => ({
      ok: false,
      problem: `Sign-in failed: ${String(error)}`,
    }));
    setBusy(false);
    if (answer.ok) return onSignedIn();
    await browser.permissions.remove({
      origins: heldBefore ? [] : origins,
      permissions: notifyingBefore ? [] : permissions,
    });
    setProblem(answer.problem);
  };
  return (
    <form onSubmit={submit} noValidate>
      {currentUrl === undefined && (
        <>
          <h2>Sign in to your team's API</h2>
          <p>
            Until then Baton works in local-only mode: drafts stay on this device. After sign-in they sync
            with your team, and what you already drafted goes too.
          </p>
        </>
      )}
      <label htmlFor="api-url">API URL</label>
      <input
        id="api-url"
        type="url"
        required
        placeholder="https://baton.example.com"
        value={url}
        readOnly={preset !== null}
        onInput={(event) => setUrl(event.currentTarget.value)}
      />
      {preset !== null && <p class="hint">Set by your administrator.</p>}
      <label htmlFor="api-token">Token</label>
      <input
        id="api-token"
        type="password"
        required
        autoComplete="off"
        value={token}
        onInput={(event) => setToken(event.currentTarget.value)}
      />
      {currentUrl === undefined && (
        <>
          <label class="choice">
            <input
              type="checkbox"
              checked={notify}
              onChange={(event) => setNotify(event.currentTarget.checked)}
            />
            Tell me when a handoff needs me
          </label>
          <p class="hint">
            A browser notification when a handoff is submitted to you or your team, when yours is returned or
            accepted, and when one of your SLA clocks is due soon or breached, so nothing waits for you to
            open the CRM. Your browser asks you to allow notifications along with the API's address.
          </p>
        </>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Testing the connection…' : 'Sign in'}
      </button>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
