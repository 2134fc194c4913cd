// "Already said" by meaning (issue 17, point 1): a claim the article read says in other words of
// the same meaning (corpus/lexicon.json sameMeaning), or across languages with the same names and
// numbers, is not missing context; a claim with a new actor, a new number or other words is.
// Short invented articles, so each case shows one rule.
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../engine/analyze.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { contentTerms } from '../../engine/claims.ts';
import { findMissingContext, type MatchedArticle } from '../../engine/missing-context.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';

const knowledge = defaultKnowledge();

const READ: CorpusRecord = {
  id: 'read',
  title: 'Ministers talk',
  outlet: 'Outlet A',
  published: '2023-03-16',
  language: 'en',
  text: [
    'Chinese Foreign Minister Qin Gang held a phone conversation with Ukrainian Foreign Minister Dmytro Kuleba on Thursday.',
    'Qin said China worried that the crisis could spiral out of control and urged restraint from all sides.',
    'Kuleba said the two ministers discussed the importance of territorial integrity for a lasting peace.',
  ].join('\n\n'),
};

function missingFrom(other: CorpusRecord, read: CorpusRecord = READ): string[] {
  const corpus = buildCorpus([read, other], knowledge);
  const r = corpus.get(read.id)!;
  const o = corpus.get(other.id)!;
  const match: MatchedArticle = { relation: 'same-story', timing: null, score: 0.9, confidence: 0.9, why: [], reasons: [], signals: {} as MatchedArticle['signals'], article: o };
  return findMissingContext({ features: r.features, id: read.id, outlet: read.outlet, published: read.published ?? null }, [match], knowledge).flatMap((m) => m.sources.map((s) => s.text));
}

describe('missing context: already said by meaning', () => {
  it('a sentence that says what the article says in other words of the same meaning is not missing; one with new facts is', () => {
    const other: CorpusRecord = {
      id: 'other',
      title: 'Call',
      outlet: 'Outlet B',
      published: '2023-03-16',
      language: 'en',
      text: [
        'Chinese Foreign Minister Qin Gang had talks by phone with his Ukrainian counterpart Dmytro Kuleba on Thursday.',
        'Qin said China feared the war could escalate out of control and urged calm from all sides.',
        'The White House said separately that Washington would welcome a call between the two presidents next week.',
      ].join('\n\n'),
    };
    const missing = missingFrom(other);
    expect(missing.some((t) => /feared the war could escalate/.test(t))).toBe(false);
    expect(missing.some((t) => /White House/.test(t))).toBe(true);
  });

  it('across languages, a sentence naming only what the article names together is not missing; one naming a new actor is', () => {
    const other: CorpusRecord = {
      id: 'autre',
      title: 'Appel',
      outlet: 'Outlet C',
      published: '2023-03-16',
      language: 'fr',
      text: [
        'Le ministre chinois des Affaires étrangères Qin Gang a parlé au téléphone jeudi avec son homologue ukrainien Dmytro Kuleba.',
        'Le porte-parole de la Maison Blanche John Kirby a déclaré que les États-Unis saluaient cet échange entre les deux ministres.',
      ].join('\n\n'),
    };
    const missing = missingFrom(other);
    expect(missing.some((t) => /a parlé au téléphone/.test(t))).toBe(false);
    expect(missing.some((t) => /John Kirby/.test(t))).toBe(true);
  });
});

describe('claim words', () => {
  it('an elided article or a possessive is not part of the word', () => {
    expect(contentTerms("l'indépendance de l'Ukraine", 'fr', knowledge)).toEqual(contentTerms('indépendance Ukraine', 'fr', knowledge));
    expect(contentTerms("the ministry's remarks", 'en', knowledge)).toEqual(contentTerms('the ministry remarks', 'en', knowledge));
  });
});
