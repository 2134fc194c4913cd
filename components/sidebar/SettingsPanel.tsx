// The reader's settings: when to analyse, sites never to analyse, theme, items per section.
// Every change is saved at once through `onChange`. No browser API here: the sidebar passes its
// backend's settings; the options page can mount it with settings/storage.ts the same way.
import { useId, useState } from 'preact/hooks';
import { count, plural, t, type MessageKey } from '../../i18n/messages.ts';
import { ITEMS_PER_SECTION_CHOICES, READ_LIMIT_CHOICES, normaliseSite, type AnalyseMode, type Settings, type Theme } from '../../settings/schema.ts';

interface SettingsPanelProps {
  settings: Settings;
  onChange: (settings: Settings) => void;
  /** the site of the page in the active tab, offered as a one-click "never analyse" */
  currentSite?: string | null;
  /** heading level: 1 in the sidebar (its own view), 2 inside another page */
  headingLevel?: 1 | 2;
}

const MODES: Array<{ value: AnalyseMode; label: MessageKey; hint: MessageKey }> = [
  { value: 'auto', label: 'settingsModeAuto', hint: 'settingsModeAutoHint' },
  { value: 'when-asked', label: 'settingsModeAsked', hint: 'settingsModeAskedHint' },
];

const THEMES: Array<{ value: Theme; label: MessageKey }> = [
  { value: 'system', label: 'settingsThemeSystem' },
  { value: 'light', label: 'settingsThemeLight' },
  { value: 'dark', label: 'settingsThemeDark' },
];

export function SettingsPanel({ settings, onChange, currentSite = null, headingLevel = 1 }: SettingsPanelProps) {
  const id = useId();
  const [site, setSite] = useState('');
  const [siteError, setSiteError] = useState<string | null>(null);
  const set = (patch: Partial<Settings>) => onChange({ ...settings, ...patch });
  const Heading = headingLevel === 1 ? 'h1' : 'h2';

  const addSite = (input: string) => {
    const host = normaliseSite(input);
    if (!host) {
      setSiteError(t('settingsSiteInvalid', input.trim()));
      return;
    }
    setSiteError(null);
    setSite('');
    if (!settings.neverSites.includes(host)) set({ neverSites: [...settings.neverSites, host].sort() });
  };

  return (
    <section class="settings" id="settings-panel" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} tabIndex={-1}>
        {t('settingsHeading')}
      </Heading>

      <fieldset>
        <legend>{t('settingsAnalyse')}</legend>
        {MODES.map((m) => (
          <label class="choice" key={m.value}>
            <input type="radio" name={`${id}-mode`} value={m.value} checked={settings.analyse === m.value} onChange={() => set({ analyse: m.value })} />
            <span>
              {t(m.label)}
              <span class="hint">{t(m.hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('settingsNeverSites')}</legend>
        <p class="hint">{t('settingsNeverSitesHint')}</p>
        {settings.neverSites.length ? (
          <ul class="site-list">
            {settings.neverSites.map((s) => (
              <li key={s}>
                <span>{s}</span>
                <button type="button" aria-label={t('settingsRemoveSite', s)} onClick={() => set({ neverSites: settings.neverSites.filter((x) => x !== s) })}>
                  {t('settingsRemove')}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{t('settingsNoSites')}</p>
        )}
        {currentSite && !settings.neverSites.includes(currentSite) && (
          <button type="button" class="add-current" onClick={() => addSite(currentSite)}>
            {t('settingsNeverThisSite', currentSite)}
          </button>
        )}
        <form
          class="site-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (site.trim()) addSite(site);
          }}
        >
          <label for={`${id}-site`}>{t('settingsAddSite')}</label>
          <div class="site-input">
            <input
              id={`${id}-site`}
              type="text"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder={t('settingsSitePlaceholder')}
              value={site}
              aria-invalid={siteError ? true : undefined}
              aria-describedby={siteError ? `${id}-site-error` : undefined}
              onInput={(e) => setSite(e.currentTarget.value)}
            />
            <button type="submit">{t('settingsAdd')}</button>
          </div>
          {siteError && (
            <p class="field-error" id={`${id}-site-error`} role="alert">
              {siteError}
            </p>
          )}
        </form>
      </fieldset>

      <fieldset>
        <legend>{t('historyHeading')}</legend>
        <label class="choice">
          <input type="checkbox" checked={settings.readingHistory === 'on'} onChange={(e) => set({ readingHistory: e.currentTarget.checked ? 'on' : 'off' })} />
          <span>
            {t('historyKeep')}
            <span class="hint">{t('settingsHistoryHint')}</span>
          </span>
        </label>
        <label class="inline-field" for={`${id}-read-limit`}>
          {t('settingsHistoryLimit')}
        </label>
        <select id={`${id}-read-limit`} value={String(settings.readingHistoryLimit)} onChange={(e) => set({ readingHistoryLimit: Number(e.currentTarget.value) })}>
          {[...new Set([...READ_LIMIT_CHOICES, settings.readingHistoryLimit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={String(n)}>
                {plural(n, 'settingsArticlesOne', 'settingsArticlesOther')}
              </option>
            ))}
        </select>
        <p class="hint">{t('settingsHistoryOptions')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('settingsTheme')}</legend>
        {THEMES.map((theme) => (
          <label class="choice" key={theme.value}>
            <input type="radio" name={`${id}-theme`} value={theme.value} checked={settings.theme === theme.value} onChange={() => set({ theme: theme.value })} />
            <span>{t(theme.label)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('settingsResults')}</legend>
        <label class="inline-field" for={`${id}-items`}>
          {t('settingsItemsPerSection')}
        </label>
        <select id={`${id}-items`} value={String(settings.itemsPerSection)} onChange={(e) => set({ itemsPerSection: Number(e.currentTarget.value) })}>
          {[...new Set([...ITEMS_PER_SECTION_CHOICES, settings.itemsPerSection])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={String(n)}>
                {count(n)}
              </option>
            ))}
        </select>
      </fieldset>

      <p class="hint">{t('settingsLocal')}</p>
    </section>
  );
}
