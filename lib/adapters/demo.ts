import type { ObjectKind } from '../handoff/record';
import { compact, dateOf, fieldText, nameFromTitle, parseAmount } from './page';
import type { Adapter } from './types';

const kinds: Record<string, ObjectKind> = { accounts: 'account', opportunities: 'opportunity' };
const recordPath = /^\/demo\/(accounts|opportunities)\/([\w-]{1,64})$/;

/** The demo CRM that `npm start` serves; only development builds match it. */
export const demo: Adapter = {
  system: 'demo',
  label: 'Baton demo CRM',
  hosts: ['http://localhost/*'],

  detect(url) {
    const path = recordPath.exec(url.pathname);
    const kind = path?.[1] ? kinds[path[1]] : undefined;
    if (url.hostname !== 'localhost' || !path?.[1] || !path[2] || !kind) return null;
    return {
      system: 'demo',
      instance: 'localhost',
      objectKind: kind,
      nativeType: path[1] === 'accounts' ? 'account' : 'opportunity',
      id: path[2],
      url: `${url.origin}/demo/${path[1]}/${path[2]}`,
    };
  },

  readContext(document) {
    // The demo marks every field with `data-field`, the stable hook a real tool rarely offers.
    const field = (name: string) => document.querySelector(`[data-field="${name}"] dd`);
    return {
      name:
        fieldText(field('name')) ??
        nameFromTitle(document.title, ['Baton demo CRM', 'Account', 'Opportunity']) ??
        fieldText(document.querySelector('h1')),
      context: compact({
        amount: parseAmount(fieldText(field('amount'))),
        stage: fieldText(field('stage')),
        closeDate: dateOf(field('closeDate'), document.documentElement.lang),
        owner: fieldText(field('owner')),
        account: fieldText(field('account')),
      }),
    };
  },
};
