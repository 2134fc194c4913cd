import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// One config for both browsers. Browser differences in the manifest live here;
// browser differences at run time live in `platform/`.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  // explicit imports everywhere: no auto-imported globals
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Sidelight',
    description:
      'See how other outlets tell the story you are reading: same story elsewhere, missing context, translation differences. Everything stays on your device.',
    permissions: ['storage', 'tabs'],
    action: { default_title: 'Sidelight' },
    commands: {
      [browser === 'firefox' ? '_execute_sidebar_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Open Sidelight',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'sidelight@sidelight.example',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
