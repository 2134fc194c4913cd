// The settings as stored: one versioned item in the extension's local storage (WXT storage), read
// through parseSettings so a bad or partial value never breaks a page. Settings stay on this
// device (storage.local, not sync).
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './schema.ts';

export const SETTINGS_KEY = 'local:settings' as const;

/**
 * The stored shape's version. To change the shape: bump it, add `SETTINGS_MIGRATIONS[newVersion]`
 * (old value in, new value out), and add a case to test/unit/settings.test.ts.
 */
export const SETTINGS_VERSION = 2;
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  // v2: reading history. A reader from v1 is asked on first use (never kept without a choice)
  2: (old) => ({ ...(typeof old === 'object' && old !== null ? old : {}), readingHistory: 'ask', readingHistoryLimit: 5000 }),
};

let item: WxtStorageItem<Settings, Record<string, never>> | null = null;

/** Defined on first use: defining it starts the migrations, which must not run at import time. */
export function settingsItem(): WxtStorageItem<Settings, Record<string, never>> {
  item ??= storage.defineItem<Settings, Record<string, never>>(SETTINGS_KEY, {
    fallback: DEFAULT_SETTINGS,
    version: SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
  });
  return item;
}

export async function loadSettings(): Promise<Settings> {
  try {
    return parseSettings(await settingsItem().getValue());
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await settingsItem().setValue(parseSettings(settings));
}

/** Calls back with the new settings whenever any page changes them; returns an unsubscribe. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem().watch((value) => callback(parseSettings(value)));
}

/** For tests: forget the defined item, so the next use runs the migrations again. */
export function resetSettingsItemForTests(): void {
  item = null;
}
