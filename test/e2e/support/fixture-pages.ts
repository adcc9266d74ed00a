import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { salesforceId18 } from '../../../lib/adapters/salesforce';
import type { FixtureRoute } from './https-fixture-server';

const fixturesDir = fileURLToPath(new URL('../../fixtures/crm/', import.meta.url));

/**
 * The address a fixture page stands for: the line of its opening comment that is only a URL, the same
 * rule the adapter unit tests read it by, so the browser loads each page where the unit tests detect it.
 */
export function fixtureUrl(file: string): string {
  const html = readFileSync(`${fixturesDir}${file}`, 'utf8');
  const comment = /^<!doctype html>\s*<!--([\s\S]*?)-->/i.exec(html)?.[1] ?? '';
  const url = /^\s*(https:\/\/\S+)\s*$/m.exec(comment)?.[1];
  if (!url)
    throw new Error(`${file} does not name its https URL on a line of its own in its opening comment`);
  return url;
}

/** Serves `file` at exactly the host and path of `url` (the server ignores the query string). */
export function routeAt(url: string, file: string): FixtureRoute {
  const { hostname, pathname } = new URL(url);
  return { host: hostname, path: new RegExp(`^${pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), file };
}

/**
 * A Salesforce record nobody has opened yet, on the fixture server's Salesforce routes: tests that share a
 * browser (and so the extension's database) each start from a record without packets.
 */
export function freshSalesforceRecord(object: 'Account' | 'Opportunity'): { id: string; url: string } {
  const id15 = `${object === 'Account' ? '001' : '006'}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return {
    id: salesforceId18(id15) ?? '',
    url: `https://acme.lightning.force.com/lightning/r/${object}/${id15}/view`,
  };
}
