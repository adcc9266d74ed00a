import type { ObjectKind } from '../handoff/record';
import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';

const intercomHosts = ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com'];
const kinds: Record<string, ObjectKind> = { companies: 'account', users: 'contact' };

// Companies and users have 24-hex ids; trailing segments are tabs of the same record.
const profilePath = /^\/a\/apps\/([a-z0-9]+)\/(companies|users)\/([0-9a-f]{24})(?:\/.*)?$/;
// Both inbox generations: /a/inbox/{app}/inbox/…/conversation/{id} and /a/apps/{app}/inbox/inbox/…/conversation/{id}.
const conversationPath =
  /^\/a\/(?:inbox\/([a-z0-9]+)|apps\/([a-z0-9]+)\/inbox)\/inbox\/(?:[\w-]+\/)*conversation\/(\d+)\/?$/;

export const intercom: Adapter = {
  system: 'intercom',
  label: 'Intercom',
  hosts: intercomHosts.map((host) => `https://${host}/*`),

  detect(url) {
    if (!intercomHosts.includes(url.hostname)) return null;
    const profile = profilePath.exec(url.pathname);
    const kind = profile?.[2] ? kinds[profile[2]] : undefined;
    if (profile?.[1] && profile[2] && profile[3] && kind) {
      return {
        system: 'intercom',
        instance: profile[1],
        objectKind: kind,
        nativeType: profile[2] === 'companies' ? 'company' : 'user',
        id: profile[3],
        url: `https://${url.hostname}/a/apps/${profile[1]}/${profile[2]}/${profile[3]}`,
      };
    }
    const conversation = conversationPath.exec(url.pathname);
    const app = conversation?.[1] ?? conversation?.[2];
    if (!app || !conversation?.[3]) return null;
    return {
      system: 'intercom',
      instance: app,
      objectKind: 'ticket',
      nativeType: 'conversation',
      id: conversation[3],
      url: `https://${url.hostname}/a/inbox/${app}/inbox/conversation/${conversation[3]}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Intercom']) ?? fieldText(document.querySelector('h1')) };
  },
};
