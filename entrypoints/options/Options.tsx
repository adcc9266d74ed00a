import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AccountAnswer, AccountQueryMessage } from '@/lib/page-messages';
import { Account } from './Account';
import { askBackground } from './ask-background';
import { ContentEditor } from './ContentEditor';
import { PanelHomeSetting } from './PanelHomeSetting';
import { SignIn } from './SignIn';

/**
 * A thin page over the background, which holds the account: it shows who is signed in (never the token)
 * and asks the background to sign in or out; marketers and admins also edit the adoption content here.
 */
export function Options() {
  const [account, setAccount] = useState<AccountAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(() => {
    const message: AccountQueryMessage = { type: 'account:get' };
    askBackground<AccountAnswer>(message)
      .then(setAccount)
      .catch((error: unknown) => setProblem(`Could not reach Baton's background: ${String(error)}`));
  }, []);
  useEffect(refresh, []);
  return (
    <main>
      <h1>Baton</h1>
      {account?.signedIn === true && <Account account={account} onChange={refresh} />}
      {account?.signedIn === true && ['marketer', 'admin'].includes(account.me.user.role) && (
        <ContentEditor />
      )}
      {account?.signedIn === false && <SignIn onSignedIn={refresh} />}
      <PanelHomeSetting />
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </main>
  );
}
