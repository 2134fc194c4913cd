import { render } from 'preact';
import { setTranslator } from '../../i18n/messages.ts';
import { browser } from 'wxt/browser';
import type { BackgroundBroadcast } from '../../messaging/protocol.ts';
import { OptionsApp } from '../../components/options/OptionsApp.tsx';
import { createIdbCorpusAdmin } from '../../store/corpus-admin.ts';
import { loadSettings, saveSettings, watchSettings } from '../../settings/storage.ts';
import '../../components/options/options.css';

// writes go to IndexedDB from this page; the background is told to drop its index
const admin = createIdbCorpusAdmin({ notifyChanged: () => void browser.runtime.sendMessage({ type: 'corpus-changed' } satisfies BackgroundBroadcast).catch(() => undefined) });
// UI strings from public/_locales (browser.i18n), before anything renders
setTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions), browser.i18n.getUILanguage());
render(<OptionsApp admin={admin} settings={{ load: loadSettings, save: saveSettings, watch: watchSettings }} />, document.getElementById('app')!);
