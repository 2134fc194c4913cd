// What the background tells the reader (Save's replies, a page it cannot take in) comes from the
// i18n messages, as the sidebar's own strings do: under a pseudo-locale every such text is made of
// messages only, and every key used is in public/_locales/en/messages.json.
import { afterAll, describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { setTranslator, translatorFrom } from '../../i18n/messages.ts';
import { checkContentMessage } from '../../background/content-messages.ts';
import { saveReply } from '../../background/tab-analysis.ts';

const used = new Set<string>();
const plain = translatorFrom(english);
/** each message as ⟦its English text⟧; a key with no message stays bare (and is caught below) */
const pseudo = (key: string, substitutions: string[]) => {
  used.add(key);
  const text = plain(key, substitutions);
  return text ? `⟦${text}⟧` : '';
};

/** Text made of pseudo-locale messages only, joined by spaces. */
const onlyMessages = /^⟦[^⟦⟧]*(?:⟦[^⟦⟧]*⟧[^⟦⟧]*)*⟧(?: ⟦[^⟦⟧]*⟧)*$/;

describe('the background speaks through the i18n messages', () => {
  setTranslator(pseudo, 'en');
  afterAll(() => setTranslator(plain, 'en'));

  it('every Save reply, for every outcome, hidden or not', () => {
    const outcomes = [
      { id: 'a', outcome: 'added' as const },
      { id: 'a', outcome: 'updated' as const },
      { id: 'a', outcome: 'replaced' as const, previousTitle: 'An earlier headline' },
      { id: 'a', outcome: 'bundled' as const, sameText: true },
      { id: 'a', outcome: 'bundled' as const, sameText: false },
    ];
    for (const o of outcomes) {
      for (const indexed of [true, false]) {
        const reply = saveReply({ ...o, indexed });
        expect(reply.message, `${o.outcome}, indexed ${indexed}`).toMatch(onlyMessages);
      }
    }
    expect(saveReply({ id: 'a', outcome: 'replaced', previousTitle: 'An earlier headline', indexed: false }).message).toContain('An earlier headline');
  });

  it('a content message that fails its check', () => {
    const check = checkContentMessage({ type: 'nonsense' }, 'https://example.com/a');
    expect(check.ok).toBe(false);
    if (!check.ok && check.state.status === 'error') expect(check.state.message).toMatch(onlyMessages);
  });

  it('uses only keys that messages.json has', () => {
    expect(used.size).toBeGreaterThan(5);
    for (const key of used) expect(english, key).toHaveProperty(key);
  });
});
