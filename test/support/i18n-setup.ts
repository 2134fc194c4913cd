// Vitest setup: the English messages (public/_locales/en/messages.json) as the UI's translator, as
// the extension's pages install browser.i18n.getMessage.
import english from '../../public/_locales/en/messages.json';
import { setTranslator, translatorFrom } from '../../i18n/messages.ts';

setTranslator(translatorFrom(english), 'en');
