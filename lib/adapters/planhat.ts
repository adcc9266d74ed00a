import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';

const planhatHosts = ['app.planhat.com', 'ws.planhat.com'];
const objectId = '[0-9a-f]{24}';
// A company's full-page profile, with or without the tenant slug in front (/acme/profile/{id}/usage).
const profilePath = new RegExp(`^((?:/[\\w-]+)?/profile/(${objectId}))(?:/.*)?$`);
// The data explorer opens one company in a preview beside the list (?preview=Company.{id}).
const companyPreview = new RegExp(`^Company\\.(${objectId})$`);

export const planhat: Adapter = {
  system: 'planhat',
  label: 'Planhat',
  hosts: planhatHosts.map((host) => `https://${host}/*`),

  detect(url) {
    if (!planhatHosts.includes(url.hostname)) return null;
    const profile = profilePath.exec(url.pathname);
    const preview = companyPreview.exec(url.searchParams.get('preview') ?? '');
    const id = profile?.[2] ?? preview?.[1];
    if (!id) return null;
    return {
      system: 'planhat',
      // Company ids are MongoDB ObjectIds, unique across tenants; not every URL names the tenant.
      instance: 'planhat',
      objectKind: 'account',
      nativeType: 'company',
      id,
      url: profile?.[1]
        ? `https://${url.hostname}${profile[1]}`
        : `https://${url.hostname}${url.pathname}?preview=Company.${id}`,
    };
  },

  readContext(document) {
    return { name: nameFromTitle(document.title, ['Planhat']) ?? fieldText(document.querySelector('h1')) };
  },
};
