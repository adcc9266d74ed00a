import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { crmHostPatterns, developmentHostPatterns } from './lib/adapters/hosts';
import { togglePanelCommand } from './lib/messages';
import { togglePanelShortcut } from './lib/overlay/toggle-shortcut';

// The team's API can live on any host: sign-in asks for that one origin (lib/device-sync/api-client.ts).
const apiHostPatterns = ['https://*/*', 'http://*/*'];
const localApiPatterns = ['http://localhost/*', 'http://127.0.0.1/*'];
const optionalApiPermissions = ['notifications'];

// Development builds also recognise the demo CRM on localhost; production builds never do.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Baton',
    description: 'Governed customer handoffs beside the CRM record you already have open.',
    permissions: ['storage', 'alarms'],
    // Notifications are asked for at sign-in, where the options page says why.
    // Firefox builds Manifest V2, where optional hosts are optional permissions; it reads managed storage
    // from enterprise policies without a schema, which Chrome needs to let an admin preset the API URL.
    ...(browser === 'firefox'
      ? { optional_permissions: [...apiHostPatterns, ...optionalApiPermissions] }
      : {
          optional_permissions: optionalApiPermissions,
          optional_host_permissions: apiHostPatterns,
          storage: { managed_schema: 'managed-schema.json' },
        }),
    // The toolbar button: its badge counts the person's handoffs due soon or breached.
    action: { default_title: 'Baton' },
    commands: {
      [togglePanelCommand]: {
        suggested_key: { default: togglePanelShortcut },
        description: 'Show or collapse the Baton panel',
      },
    },
    // The content script frames the panel page on CRM pages, and the panel's toggle navigates that frame
    // to the team page and back; a dynamic URL keeps pages from fingerprinting the extension by probing its
    // fixed id.
    web_accessible_resources: [
      { resources: ['panel.html', 'team.html'], matches: crmHostPatterns, use_dynamic_url: true },
    ],
    browser_specific_settings: {
      gecko: {
        id: 'baton@baton.dev',
        // 140 (the current ESR) is the first Firefox that asks users to consent to data collection.
        strict_min_version: '140.0',
        // Handoff packets carry CRM record content and stakeholder names to the team's own API.
        data_collection_permissions: { required: ['websiteContent', 'personallyIdentifyingInfo'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  }),
  hooks: {
    // The polyfill's one use in Chrome is a message listener that answers with a promise, which only the
    // background has. Everywhere else it would be dead weight loaded and run on every page: a quarter of the
    // content script, evaluated inside the CRM page's parse task, and 3 KB gzip of the panel. Those builds
    // take WXT's plain `browser` (Firefox's own, or Chrome's promise-returning `chrome`); a page that waits for
    // the background's answer reads its rejections through entrypoints/options/ask-background.ts.
    'vite:build:extendConfig': (entrypoints, config) => {
      const alias = config.resolve?.alias as Record<string, string> | undefined;
      if (alias && !entrypoints.some((entrypoint) => entrypoint.type === 'background'))
        delete alias['wxt/browser'];
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'development') return;
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...(script.matches ?? []), ...developmentHostPatterns];
      }
      for (const resource of manifest.web_accessible_resources ?? []) {
        if (typeof resource !== 'string')
          resource.matches = [...(resource.matches ?? []), ...developmentHostPatterns];
      }
      // The local API (`npm start`, the end-to-end tests) and notifications are granted at install, so
      // signing in asks nothing; a browser shows no permission prompt to automation, and production
      // builds still ask.
      const key = manifest.manifest_version === 2 ? 'permissions' : 'host_permissions';
      manifest[key] = [...(manifest[key] ?? []), ...localApiPatterns];
      manifest.permissions = [...(manifest.permissions ?? []), ...optionalApiPermissions];
      manifest.optional_permissions = manifest.optional_permissions?.filter(
        (permission) => !optionalApiPermissions.includes(permission),
      );
    },
  },
});
