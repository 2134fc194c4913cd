// The theme the reader picked, on <html data-theme> (sidebar.css reads it; "system" removes it).
// A copy in this page's localStorage lets the next sidebar paint in the right theme at once,
// before the settings arrive from extension storage.
import type { Theme } from '../../settings/schema.ts';

const KEY = 'sidelight-theme';

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // storage unavailable: the theme still applies once the settings load
  }
}

/** Applies the theme the sidebar last used; call before the first render. */
export function applyRememberedTheme(): void {
  try {
    const theme = localStorage.getItem(KEY);
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch {
    // nothing remembered
  }
}
