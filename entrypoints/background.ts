import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { setUpBackground } from '../background/setup.ts';
import { setTranslator } from '../i18n/messages.ts';

export default defineBackground(() => {
  // what the background tells the reader (save replies, errors) in the browser's UI language
  setTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions), browser.i18n.getUILanguage());
  setUpBackground();
});
