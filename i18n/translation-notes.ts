// What a translation difference is, in words: the engine gives it as data (engine/schemas.ts
// TranslationNote), the sidebar words it in the UI's language through the messages (t), and the
// CLI in English through the same function and the English messages (i18n/english.ts), so the two
// cannot drift apart. Numbers, modal verbs, phrases, names and outlets are the articles' own.
import type { TranslationNote } from '../engine/schemas.ts';
import { t, type MessageKey } from './messages.ts';

/** t's shape: a message with its placeholders filled. */
export type Words = (key: MessageKey, ...substitutions: string[]) => string;

export function translationNote(note: TranslationNote, words: Words = t): string {
  const list = (items: readonly string[]) => items.join(words('listSeparator'));
  switch (note.code) {
    case 'negation-dropped':
      return words('diffNegationDropped', note.outlet);
    case 'negation-added':
      return words('diffNegationAdded', note.outlet);
    case 'numbers-differ':
      return words('diffNumbers', list(note.here), list(note.there), note.outlet);
    case 'modality':
      return words(note.shift === 'softened' ? 'diffModalitySoftened' : note.shift === 'strengthened' ? 'diffModalityStrengthened' : 'diffModalityChanged', note.to, note.from, note.outlet);
    case 'phrase-missing':
      return words('diffPhraseMissing', note.phrase, note.outlet);
    case 'phrase-added':
      return words('diffPhraseAdded', note.phrase, note.outlet);
    case 'quote-wording':
      return words('diffQuoteWording', note.outlet);
    case 'attribution':
      return words('diffAttribution', note.here, note.there);
    case 'name-spelling':
      return note.names.join(words('diffNameSeparator'));
  }
}
