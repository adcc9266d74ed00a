import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The outcome dashboard as a plain web page (web/dashboard/), built from the same components as the
 * extension's dashboard page into dist/dashboard/, which the API serves at /dashboard
 * (`npm run build:dashboard`; `npm start` builds it).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./web/dashboard/', import.meta.url)),
  base: '/dashboard/',
  plugins: [preact()],
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('./dist/dashboard/', import.meta.url)),
    emptyOutDir: true,
    // One script and one stylesheet, no inline code: the page's Content-Security-Policy allows only 'self'.
    modulePreload: false,
    assetsInlineLimit: 0,
  },
  logLevel: 'warn',
});
