// Event status (planned vs happened) and reporting event kinds: the signals, and what they do to matching.
import { describe, expect, it } from 'vitest';
import { buildCorpus, matchArticle } from '../../engine/analyze.ts';
import { computeFeatures, eventStatusOf } from '../../engine/features.ts';
import { MATCH_THRESHOLDS, MATCH_WEIGHTS, pairSignals, type PairSignals } from '../../engine/match.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { checkLexicon } from '../../corpus/build-corpus.ts';
import { foldText } from '../../engine/text.ts';
import { knowledge } from '../support/engine.ts';

const status = (text: string, language = 'en') => eventStatusOf(foldText(text), language, knowledge.lexicon);

describe('event status of a lede', () => {
  it('reads planned, announced and expected events as planned', () => {
    expect(status('Chinese leader Xi Jinping plans to speak with Volodymyr Zelensky online, a report says.')).toBe('planned');
    expect(status('The prime minister is expected to meet the king next week, and the meeting will take place in Madrid.')).toBe('planned');
    expect(status('Le président va rencontrer son homologue, qui devrait arriver lundi.', 'fr')).toBe('planned');
    expect(status('Der Kanzler wird am Montag mit dem Präsidenten telefonieren.', 'de')).toBe('planned');
    expect(status('习近平将与泽连斯基通话', 'zh')).toBe('planned');
  });

  it('reads events reported as done as happened', () => {
    expect(status('The two leaders spoke by phone on Wednesday and held talks for an hour.')).toBe('happened');
    expect(status('Il ministro ha avuto un colloquio telefonico con il suo omologo.', 'it')).toBe('happened');
    expect(status('习近平周三致电乌克兰总统', 'zh')).toBe('happened');
  });

  it('leaves a lede unmarked when it does not say, when cues tie, or for a language without cues', () => {
    expect(status('Ukraine condemned the comments of the ambassador, calling them absurd.')).toBeNull();
    // a happened event with a planned follow-up, as many ledes are: one cue each
    expect(status('The ministers met in Rome and will sign the treaty.')).toBeNull();
    // "would have" looks back, it plans nothing
    expect(status('A win would have made her the oldest champion.')).toBeNull();
    // words inside other words are not cues ("willing" is not "will", "metal" is not "met")
    expect(status('He is willing to discuss metal tariffs.')).toBeNull();
    expect(status('Dumating na si Xi sa Russia.', 'tl')).toBeNull();
  });

  it('is stored with the features', () => {
    const f = computeFeatures({ title: 'Leaders to hold talks', text: 'The two presidents will hold talks next week, officials said.', language: 'en' }, knowledge);
    expect(f.eventStatus).toBe('planned');
  });
});

const base = { outlet: 'Test Wire', language: 'en', published: null };
const planned: CorpusRecord = { ...base, id: 'planned', title: 'Anna Berg plans to call Jonas Lind', text: 'Finance Minister Anna Berg plans to speak with her counterpart Jonas Lind by phone, a newspaper reported, citing sources. The call would be the first between the two ministers since the budget dispute began. It is expected to focus on the budget dispute.' };
const happened: CorpusRecord = { ...base, id: 'happened', title: 'Anna Berg and Jonas Lind hold phone call', text: 'Finance Minister Anna Berg spoke by phone with her counterpart Jonas Lind, the first call between the two ministers since the budget dispute began. They held talks for an hour on the budget dispute.' };
const happened2: CorpusRecord = { ...happened, id: 'happened-2', outlet: 'Other Wire', title: 'Anna Berg speaks with Jonas Lind', text: 'Anna Berg spoke with Jonas Lind by phone in the first call between the two finance ministers since the budget dispute began, and they held talks on the budget dispute.' };

describe('planned vs happened in matching', () => {
  it('an undated report of a planned call is related to the undated report of the call, not the same story', () => {
    const corpus = buildCorpus([happened, happened2], knowledge);
    const fromPlanned = matchArticle(computeFeatures(planned, knowledge), corpus.index, null);
    expect(fromPlanned.map((m) => m.relation)).toEqual(['related', 'related']);
    // two reports that it happened stay the same story
    const fromHappened = matchArticle(computeFeatures(happened, knowledge), corpus.index, 'happened');
    expect(fromHappened.find((m) => m.summary.id === 'happened-2')?.relation).toBe('same-story');
  });

  it('dates that agree outweigh the status: a same-day preview is the same story', () => {
    const day = { published: '2024-05-02' };
    const corpus = buildCorpus([{ ...happened, ...day }], knowledge);
    const [m] = matchArticle(computeFeatures({ ...planned, ...day }, knowledge), corpus.index, null);
    expect(m?.relation).toBe('same-story');
  });
});

/** The similarity mix before the event and actor factors. */
function rawSimilarity(s: PairSignals): number {
  const w = MATCH_WEIGHTS;
  return w.entity * s.entitySimilarity + w.term * s.termSimilarity + w.ledeTerm * s.ledeTermSimilarity + w.ledeEntity * s.ledeEntitySimilarity;
}

function signals(a: CorpusRecord, b: CorpusRecord): PairSignals {
  const corpus = buildCorpus([b], knowledge);
  return pairSignals(corpus.index.profile(computeFeatures(a, knowledge)), corpus.index.get(b.id)!, corpus.index);
}

describe('reporting event kinds', () => {
  const interview: CorpusRecord = { ...base, id: 'interview', title: 'Ambassador Karl Moen questions border treaty in interview', text: 'In an interview with a television channel, ambassador Karl Moen said the border treaty had no legal force. The interview was broadcast on national television.' };
  const remarks: CorpusRecord = { ...base, id: 'remarks', outlet: 'Other Wire', title: 'Outrage over Karl Moen remarks on border treaty', text: 'Ambassador Karl Moen drew criticism for his remarks that the border treaty had no legal force. His comments were condemned by the foreign ministry.' };

  it('an interview and remarks are not different kinds of event: no mismatch penalty', () => {
    expect(computeFeatures(interview, knowledge).events).toEqual(['interview']);
    expect(computeFeatures(remarks, knowledge).events).toEqual(['remarks']);
    const s = signals(interview, remarks);
    expect(s.similarity).toBeCloseTo(rawSimilarity(s), 9);
  });

  it('a call and a visit are different kinds of event, also when both are reported', () => {
    const call: CorpusRecord = { ...base, id: 'call', title: 'Karl Moen phone call with Anna Berg, ministry report says', text: 'Ambassador Karl Moen had a phone call with Anna Berg about the border treaty, a ministry report says.' };
    const visit: CorpusRecord = { ...base, id: 'visit', title: 'Karl Moen visit to Anna Berg, ministry report says', text: 'Ambassador Karl Moen paid a visit to Anna Berg about the border treaty, a ministry report says.' };
    expect(computeFeatures(call, knowledge).events).toEqual(expect.arrayContaining(['call', 'report']));
    expect(computeFeatures(visit, knowledge).events).toEqual(expect.arrayContaining(['visit', 'report']));
    const s = signals(call, visit);
    expect(s.similarity).toBeCloseTo(rawSimilarity(s) * MATCH_THRESHOLDS.eventMismatchFactor, 9);
    expect(knowledge.lexicon.reportingEvents?.types).toEqual(expect.arrayContaining(['interview', 'remarks', 'report']));
  });
});

describe('the lexicon check (corpus/build-corpus.ts)', () => {
  it('accepts the committed lexicon', () => {
    expect(checkLexicon(knowledge.lexicon)).toEqual([]);
  });

  it('rejects unfolded or repeated cues, unknown languages, cues on both sides, and reporting types that are not event types', () => {
    const lexicon = structuredClone(knowledge.lexicon) as unknown as { reportingEvents: { types: string[] }; eventStatus: { planned: Record<string, string[]>; happened: Record<string, string[]> } };
    lexicon.reportingEvents.types.push('gossip');
    lexicon.eventStatus.planned.en!.push('Will', 'will');
    lexicon.eventStatus.planned.xx = ['foo'];
    lexicon.eventStatus.happened.fr!.push('prévu', 'va');
    const problems = checkLexicon(lexicon).join('\n');
    expect(problems).toMatch(/"gossip" is not an event type/);
    expect(problems).toMatch(/"Will" is not written folded/);
    expect(problems).toMatch(/planned\.en: a cue is listed twice/);
    expect(problems).toMatch(/planned\.xx: not a supported language/);
    expect(problems).toMatch(/"prévu" is not written folded/);
    expect(problems).toMatch(/fr: "va" is both planned and happened/);
  });
});
