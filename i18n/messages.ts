// UI strings through the browser's i18n messages (public/_locales/<locale>/messages.json; English
// shipped). Components call t() and count(); they never reach the browser themselves: the
// entrypoints install browser.i18n.getMessage as the translator, tests one made from messages.json
// (or a pseudo-locale, test/component/pseudo-locale.test.tsx). Pure: no browser API here.
import type english from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;
/** browser.i18n.getMessage's shape: the message with its placeholders filled, '' when there is none */
export type Translator = (key: string, substitutions: string[]) => string;

let translator: Translator | null = null;
let locale: string | undefined;

/** Installs the translator (the entrypoints: browser.i18n.getMessage) and the UI locale for plurals and numbers. */
export function setTranslator(next: Translator, uiLocale?: string): void {
  translator = next;
  locale = uiLocale;
}

/** The message `key` with `substitutions` for its placeholders ($1…$9). The key itself when there is no such message. */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const out = translator?.(key, substitutions.map((s) => (typeof s === 'number' ? count(s) : s)));
  return out || key;
}

/** A number as the UI locale writes it ("1,234"). */
export function count(n: number): string {
  return n.toLocaleString(locale ?? 'en');
}

/** The `one` or `other` message by the UI locale's plural rules, with the number as $1. */
export function plural(n: number, one: MessageKey, other: MessageKey, ...more: Array<string | number>): string {
  const rule = new Intl.PluralRules(locale ?? 'en').select(n);
  return t(rule === 'one' ? one : other, n, ...more);
}

/** The format of messages.json: a message and its named placeholders ("$1", "$2" as their content). */
export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/**
 * A translator over a messages.json, filling placeholders as the browsers do ($NAME$ -> its
 * content -> $1…$9 from the substitutions; "$$" is a dollar sign). For tests and tools.
 */
export function translatorFrom(messages: Record<string, MessageEntry>): Translator {
  return (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return '';
    const fill = (text: string) => text.replace(/\$(\d)/g, (_, d: string) => substitutions[Number(d) - 1] ?? '');
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
        const placeholder = Object.entries(entry.placeholders ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
        return placeholder ? fill(placeholder.content) : whole;
      })
      .replace(/\$\$/g, '$');
  };
}
