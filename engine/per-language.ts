// What the engine derives once per language from its knowledge (lexicon words stemmed and grouped,
// cue lists), memoised per knowledge object and language: one cache shape for every such table.
import type { EngineKnowledge } from './features.ts';

/** `build` memoised per knowledge object and language. */
export function perLanguage<T>(build: (knowledge: EngineKnowledge, language: string) => T): (knowledge: EngineKnowledge, language: string) => T {
  const cache = new WeakMap<EngineKnowledge, Map<string, T>>();
  return (knowledge, language) => {
    let byLanguage = cache.get(knowledge);
    if (!byLanguage) cache.set(knowledge, (byLanguage = new Map()));
    let value = byLanguage.get(language);
    if (value === undefined) byLanguage.set(language, (value = build(knowledge, language)));
    return value;
  };
}
