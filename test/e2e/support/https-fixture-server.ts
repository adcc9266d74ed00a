import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const fixturesDir = fileURLToPath(new URL('../../fixtures/crm/', import.meta.url));

/** Which fixture answers a request: `host` is exact or `*.suffix`; `file` is relative to test/fixtures/crm/. */
export interface FixtureRoute {
  host: string;
  path: RegExp;
  file: string;
}

export interface FixtureServer {
  port: number;
  /** Every request as `https://host/path`, to tell a page the browser never asked for from one it got. */
  requests: string[];
  close(): Promise<void>;
}

export const salesforceAccountRoute: FixtureRoute = {
  host: '*.lightning.force.com',
  path: /^\/lightning\/r\/Account\/[A-Za-z0-9]{15,18}\/view$/,
  file: 'salesforce/account.html',
};

/**
 * An HTTPS server on 127.0.0.1 that answers for any host name with a certificate made for this run.
 * Chromium's --host-resolver-rules sends every host here, so pages load from their real URLs and the
 * manifest's real match patterns decide where the content script runs.
 */
export async function startHttpsFixtureServer(routes: readonly FixtureRoute[]): Promise<FixtureServer> {
  const certificateDir = await mkdtemp(join(tmpdir(), 'baton-e2e-cert-'));
  const { key, cert } = await makeSelfSignedCertificate(certificateDir);
  const requests: string[] = [];

  const server = createServer({ key, cert }, async (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(request.url ?? '/', 'https://fixture.invalid').pathname;
    requests.push(`https://${host}${path}`);
    // Every real CRM has a favicon; a 404 for it would be a console error that is nobody's fault.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const route = routes.find((candidate) => hostMatches(candidate.host, host) && candidate.path.test(path));
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`No fixture for https://${host}${path}`);
      return;
    }
    try {
      const body = await readFile(join(fixturesDir, route.file));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(
        `Fixture ${route.file} unreadable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    port: (server.address() as AddressInfo).port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(certificateDir, { recursive: true, force: true });
    },
  };
}

function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
}

async function makeSelfSignedCertificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  // An EC key is made in milliseconds; Chromium runs with --ignore-certificate-errors, so the names
  // in the certificate only need to look plausible.
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=baton-e2e-fixtures',
    '-addext',
    'subjectAltName=DNS:*.lightning.force.com,DNS:example.com',
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ]);
  return { key: await readFile(keyPath), cert: await readFile(certPath) };
}
