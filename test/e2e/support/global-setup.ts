import { chromiumExecutable, chromiumInstalled } from './chromium';
import { buildWebDashboard, wxt } from './wxt';

/**
 * Builds the extension the end-to-end tests load (production, and the development build `npm start`
 * serves), and the web dashboard the API serves, so they never test a stale .output or dist. A missing Chromium skips the browser tests on a
 * workstation but fails CI.
 */
export default async function buildExtensionsForEndToEndTests(): Promise<void> {
  if (!chromiumInstalled) {
    const advice = `${chromiumExecutable} is missing; \`apt-get install chromium\` enables the end-to-end tests.`;
    if (process.env.CI) throw new Error(`CI: ${advice}`);
    console.warn(`\n!!! End-to-end browser tests are SKIPPED: ${advice}\n`);
  }
  await wxt(['build']);
  await wxt(['build', '--mode', 'development']);
  await buildWebDashboard();
}
