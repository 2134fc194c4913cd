import { defineContentScript } from 'wxt/utils/define-content-script';
import { setUpContentScript } from '../content/setup.ts';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main: (ctx) => setUpContentScript(ctx),
});
