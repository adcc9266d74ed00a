import { productionBuildDir } from '../../test/e2e/support/chromium';
import { wxt } from '../../test/e2e/support/wxt';

let built: Promise<string> | undefined;

/**
 * The production build of the extension, made once per bench run so that sizes and timings describe the
 * code as it is now rather than whatever .output last held.
 */
export function buildExtension(): Promise<string> {
  built ??= wxt(['build']).then(() => productionBuildDir);
  return built;
}
