import { defineContentScript } from 'wxt/utils/define-content-script';
import { setUpContentScript } from '../content/setup.ts';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // `ctx` is content/context.ts's ContentScriptContext (wxt.config.ts aliases WXT's to it): it
  // posts nothing to the page and the page cannot invalidate it
  main: (ctx) => setUpContentScript(ctx),
});
