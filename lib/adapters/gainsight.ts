import { fieldText, nameFromTitle } from './page';
import type { Adapter } from './types';
import { subdomainOf } from './url';

// Gainsight ids (GSIDs) are long upper-case alphanumerics; the bounds only keep junk out.
const gsid = /^[0-9A-Za-z]{16,64}$/;

export const gainsight: Adapter = {
  system: 'gainsight',
  label: 'Gainsight CS',
  hosts: ['https://*.gainsightcloud.com/*'],

  detect(url) {
    const tenant = subdomainOf(url.hostname, 'gainsightcloud.com');
    const companyId = url.searchParams.get('cid') ?? '';
    if (!tenant || !/^\/v1\/ui\/customersuccess360\/?$/.test(url.pathname) || !gsid.test(companyId))
      return null;
    return {
      system: 'gainsight',
      instance: tenant,
      objectKind: 'account',
      nativeType: 'company',
      id: companyId,
      url: `https://${url.hostname}/v1/ui/customersuccess360?cid=${companyId}`,
    };
  },

  readContext(document) {
    return {
      name:
        nameFromTitle(document.title, ['Gainsight', 'Customer 360', 'C360']) ??
        fieldText(document.querySelector('h1')),
    };
  },
};
