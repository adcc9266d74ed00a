import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

/** Debian's Chromium; Playwright never downloads a browser of its own here. */
export const chromiumExecutable = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(chromiumExecutable);

const outputDir = fileURLToPath(new URL('../../../.output/', import.meta.url));
export const productionBuildDir = join(outputDir, 'chrome-mv3');
export const developmentBuildDir = join(outputDir, 'chrome-mv3-dev');

export interface LaunchOptions {
  extensionDir: string;
  /** Port of the HTTPS fixture server that every host name (but localhost) resolves to. */
  fixturePort?: number;
  /** Reuse a profile folder to test a browser restart; a fresh one is made and removed otherwise. */
  profileDir?: string;
}

/** A console error or an uncaught exception, in any page, frame or worker of the browser. */
export interface BrowserProblem {
  source: string;
  text: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  problems: BrowserProblem[];
  close(): Promise<void>;
}

export function chromiumArgs({ extensionDir, fixturePort }: LaunchOptions): string[] {
  return [
    // Replaces Playwright's own --disable-features list (the last one given wins), which turns off
    // ThirdPartyStoragePartitioning and so breaks IndexedDB in extension frames inside CRM pages.
    '--disable-features=PaintHolding',
    '--headless=new',
    `--load-extension=${extensionDir}`,
    `--disable-extensions-except=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--ignore-certificate-errors',
    // No shell runs in between, so the rule list goes in without the quotes a shell would strip.
    ...(fixturePort === undefined
      ? []
      : [`--host-resolver-rules=MAP * 127.0.0.1:${fixturePort}, EXCLUDE localhost`]),
  ];
}

export async function launchChromiumWithExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const ownProfileDir = options.profileDir === undefined;
  const profileDir = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'baton-e2e-profile-')));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable,
    headless: true,
    args: chromiumArgs(options),
  });

  const problems: BrowserProblem[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push({ source: message.location().url, text: message.text() });
  });
  context.on('weberror', (webError) => {
    problems.push({ source: webError.page()?.url() ?? 'unknown page', text: String(webError.error()) });
  });

  const close = async () => {
    await context.close();
    if (ownProfileDir) await rm(profileDir, { recursive: true, force: true });
  };

  try {
    const serviceWorker =
      context.serviceWorkers().find(isExtensionWorker) ??
      (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 15_000 }));
    return { context, extensionId: new URL(serviceWorker.url()).host, serviceWorker, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

/**
 * The features Chromium really disabled, read back from chrome://version: proof that our
 * --disable-features replaced Playwright's list instead of adding to it.
 */
export async function effectiveDisabledFeatures(context: BrowserContext): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://version');
    const encoded = await page.locator('#variations-cmd').getAttribute('data-value');
    const variations = JSON.parse(Buffer.from(encoded ?? '', 'base64').toString('utf8') || '{}') as {
      'disable-features'?: string;
    };
    return variations['disable-features']?.split(',') ?? [];
  } finally {
    await page.close();
  }
}
