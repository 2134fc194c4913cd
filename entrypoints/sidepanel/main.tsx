import { render } from 'preact';
import { setTranslator } from '../../i18n/messages.ts';
import { browser } from 'wxt/browser';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { applyRememberedTheme } from '../../components/sidebar/theme.ts';
import { createBrowserBackend } from '../../platform/sidebar-backend.ts';
import '../../components/sidebar/sidebar.css';

applyRememberedTheme();
// UI strings from public/_locales (browser.i18n), before anything renders
setTranslator((key, substitutions) => browser.i18n.getMessage(key as never, substitutions), browser.i18n.getUILanguage());
render(<SidebarApp backend={createBrowserBackend()} />, document.getElementById('app')!);
