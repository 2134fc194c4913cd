// The English messages (public/_locales/en/messages.json) for code that runs outside the browser:
// the CLI words what the engine finds with the same messages as the extension's English UI. Not
// for the extension's pages (they read the browser's messages; this would bundle the whole file).
import english from '../public/_locales/en/messages.json';
import { translatorFrom, type MessageEntry } from './messages.ts';
import { translationNote, type Words } from './translation-notes.ts';
import type { TranslationNote } from '../engine/schemas.ts';

const translator = translatorFrom(english as Record<string, MessageEntry>);

/** The English message `key` with its placeholders filled (the key itself when there is none). */
export const englishWords: Words = (key, ...substitutions) => translator(key, substitutions) || key;

/** A translation difference's note in English, as the CLI prints it. */
export function englishTranslationNote(note: TranslationNote): string {
  return translationNote(note, englishWords);
}
