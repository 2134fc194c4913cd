// The engine's built-in knowledge, loaded from the generated data in corpus/.
import aliasesData from '../corpus/aliases.json';
import languageData from '../corpus/language-data.json';
import lexiconData from '../corpus/lexicon.json';
import { AliasIndex, type AliasEntry } from './aliases.ts';
import type { EngineKnowledge, Lexicon } from './features.ts';
import { LanguageModel } from './language.ts';

let cached: EngineKnowledge | null = null;

/** Builds the knowledge once per context (alias index, stopwords, lexicon). */
export function defaultKnowledge(): EngineKnowledge {
  cached ??= {
    aliases: new AliasIndex(aliasesData as AliasEntry[]),
    languages: new LanguageModel(languageData),
    lexicon: lexiconData as Lexicon,
  };
  return cached;
}
