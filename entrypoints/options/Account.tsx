import { useState } from 'preact/hooks';
import { humanise } from '@/lib/handoff/labels';
import type {
  AccountAnswer,
  AccountQueryMessage,
  PendingChanges,
  SignOutAnswer,
  SignOutMessage,
} from '@/lib/page-messages';
import { askBackground } from './ask-background';
import { NotificationsSetting } from './NotificationsSetting';
import { SignIn } from './SignIn';

type SignedIn = Extract<AccountAnswer, { signedIn: true }>;

/** Changes not yet on the API, as the background finds them now. */
async function pendingNow(fallback: PendingChanges): Promise<PendingChanges> {
  const query: AccountQueryMessage = { type: 'account:get' };
  const latest = await askBackground<AccountAnswer>(query);
  return latest.signedIn ? latest : fallback;
}

function lossQuestion(pending: number): string {
  return (
    `${pending} change${pending === 1 ? ' has' : 's have'} not reached the API yet and will be lost. ` +
    'Sign out and erase them, with every draft on this device?'
  );
}

/** Who is signed in, where, a new token for the same person, and a sign-out that says what it erases. */
export function Account({ account, onChange }: { account: SignedIn; onChange: () => void }) {
  const { user, workspace, teams } = account.me;
  const [problem, setProblem] = useState<string | null>(null);

  const signOut = async () => {
    try {
      // Counted now, not when the page opened: a panel may have saved changes since. The background looks
      // again as it erases, and refuses if a change is newer than those the person was told of; they are
      // asked again.
      let { pending, newestPending } = await pendingNow(account);
      for (;;) {
        if (pending > 0 && !window.confirm(lossQuestion(pending))) return;
        const message: SignOutMessage = { type: 'account:sign-out', discardingUpTo: newestPending };
        const answer = await askBackground<SignOutAnswer>(message);
        if (answer.ok) return onChange();
        ({ pending, newestPending } = answer);
      }
    } catch (error) {
      setProblem(`Could not sign out: ${String(error)}`);
    }
  };

  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Signed in</h2>
      <dl>
        <dt>You</dt>
        <dd>
          {user.name} ({user.email}), {humanise(user.role)}
        </dd>
        <dt>Workspace</dt>
        <dd>{workspace.name}</dd>
        <dt>Teams</dt>
        <dd>
          {teams.length === 0
            ? 'none'
            : teams.map((team) => `${team.name}${team.manages ? ' (manager)' : ''}`).join(', ')}
        </dd>
        <dt>API</dt>
        <dd>{account.apiUrl}</dd>
        <NotificationsSetting />
      </dl>
      {(user.role === 'admin' || user.role === 'manager') && (
        <p>
          <a href={browser.runtime.getURL('/dashboard.html')} target="_blank" rel="noreferrer">
            Dashboard
          </a>
          : outcomes of the handoffs {user.role === 'admin' ? 'in your workspace' : 'of the teams you manage'}
          , with their monthly trends. Also at{' '}
          <a href={`${account.apiUrl}/dashboard`}>{account.apiUrl}/dashboard</a> for people without the
          extension.
        </p>
      )}
      <details>
        <summary>Sign in again with a new token</summary>
        <SignIn currentUrl={account.apiUrl} onSignedIn={onChange} />
      </details>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
