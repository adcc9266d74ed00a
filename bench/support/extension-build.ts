import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { productionBuildDir } from '../../test/e2e/support/chromium';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let built: Promise<string> | undefined;

/**
 * The production build of the extension, made once per bench run so that sizes and timings describe the
 * code as it is now rather than whatever .output last held.
 */
export function buildExtension(): Promise<string> {
  built ??= new Promise((resolve, reject) => {
    const child = spawn(`${repoRoot}node_modules/.bin/wxt`, ['build'], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(productionBuildDir);
      else reject(new Error(`wxt build exited with ${code}:\n${output}`));
    });
  });
  return built;
}
