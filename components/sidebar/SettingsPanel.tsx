// The reader's settings: when to analyse, sites never to analyse, theme, items per section.
// Every change is saved at once through `onChange`. No browser API here: the sidebar passes its
// backend's settings; the options page can mount it with settings/storage.ts the same way.
import { useId, useState } from 'preact/hooks';
import { ITEMS_PER_SECTION_CHOICES, READ_LIMIT_CHOICES, normaliseSite, type AnalyseMode, type Settings, type Theme } from '../../settings/schema.ts';

interface SettingsPanelProps {
  settings: Settings;
  onChange: (settings: Settings) => void;
  /** the site of the page in the active tab, offered as a one-click "never analyse" */
  currentSite?: string | null;
  /** heading level: 1 in the sidebar (its own view), 2 inside another page */
  headingLevel?: 1 | 2;
}

const MODES: Array<{ value: AnalyseMode; label: string; hint: string }> = [
  { value: 'auto', label: 'Automatically', hint: 'On every page that looks like a news article.' },
  { value: 'when-asked', label: 'Only when I ask', hint: 'Pages are not read until you press “Analyse this page”.' },
];

const THEMES: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
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
      setSiteError(`“${input.trim()}” is not a site name such as example.com.`);
      return;
    }
    setSiteError(null);
    setSite('');
    if (!settings.neverSites.includes(host)) set({ neverSites: [...settings.neverSites, host].sort() });
  };

  return (
    <section class="settings" id="settings-panel" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} tabIndex={-1}>
        Settings
      </Heading>

      <fieldset>
        <legend>Analyse pages</legend>
        {MODES.map((m) => (
          <label class="choice" key={m.value}>
            <input type="radio" name={`${id}-mode`} value={m.value} checked={settings.analyse === m.value} onChange={() => set({ analyse: m.value })} />
            <span>
              {m.label}
              <span class="hint">{m.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Never analyse these sites</legend>
        <p class="hint">A site includes its subdomains. You can still analyse one of its pages by asking.</p>
        {settings.neverSites.length ? (
          <ul class="site-list">
            {settings.neverSites.map((s) => (
              <li key={s}>
                <span>{s}</span>
                <button type="button" aria-label={`Remove ${s}`} onClick={() => set({ neverSites: settings.neverSites.filter((x) => x !== s) })}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No sites.</p>
        )}
        {currentSite && !settings.neverSites.includes(currentSite) && (
          <button type="button" class="add-current" onClick={() => addSite(currentSite)}>
            Never analyse {currentSite}
          </button>
        )}
        <form
          class="site-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (site.trim()) addSite(site);
          }}
        >
          <label for={`${id}-site`}>Add a site</label>
          <div class="site-input">
            <input
              id={`${id}-site`}
              type="text"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder="example.com"
              value={site}
              aria-invalid={siteError ? true : undefined}
              aria-describedby={siteError ? `${id}-site-error` : undefined}
              onInput={(e) => setSite(e.currentTarget.value)}
            />
            <button type="submit">Add</button>
          </div>
          {siteError && (
            <p class="field-error" id={`${id}-site-error`} role="alert">
              {siteError}
            </p>
          )}
        </form>
      </fieldset>

      <fieldset>
        <legend>Reading history</legend>
        <label class="choice">
          <input type="checkbox" checked={settings.readingHistory === 'on'} onChange={(e) => set({ readingHistory: e.currentTarget.checked ? 'on' : 'off' })} />
          <span>
            Keep the news articles I read
            <span class="hint">In this browser, so the next article on the same story finds them. Never in private windows or for the sites above.</span>
          </span>
        </label>
        <label class="inline-field" for={`${id}-read-limit`}>
          Keep at most (the oldest you read go first)
        </label>
        <select id={`${id}-read-limit`} value={String(settings.readingHistoryLimit)} onChange={(e) => set({ readingHistoryLimit: Number(e.currentTarget.value) })}>
          {[...new Set([...READ_LIMIT_CHOICES, settings.readingHistoryLimit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={String(n)}>
                {n.toLocaleString('en')} articles
              </option>
            ))}
        </select>
        <p class="hint">Forget what you read, see it by outlet and language, or export it in the options page.</p>
      </fieldset>

      <fieldset>
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label class="choice" key={t.value}>
            <input type="radio" name={`${id}-theme`} value={t.value} checked={settings.theme === t.value} onChange={() => set({ theme: t.value })} />
            <span>{t.label}</span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Results</legend>
        <label class="inline-field" for={`${id}-items`}>
          Items shown in each list before “Show more”
        </label>
        <select id={`${id}-items`} value={String(settings.itemsPerSection)} onChange={(e) => set({ itemsPerSection: Number(e.currentTarget.value) })}>
          {[...new Set([...ITEMS_PER_SECTION_CHOICES, settings.itemsPerSection])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
        </select>
      </fieldset>

      <p class="hint">Settings are kept on this device only.</p>
    </section>
  );
}
