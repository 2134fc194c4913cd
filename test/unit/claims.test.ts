import { describe, expect, it } from 'vitest';
import { extractClaims, quoteSpans } from '../../engine/claims.ts';
import { knowledge } from '../support/engine.ts';

const claims = (text: string) => extractClaims(text, 'en', knowledge);

describe('quotes and speakers', () => {
  it('"X said" with the role before the name', () => {
    const [c] = claims('“We think it would be a very good thing for the two to talk,” US National Security Council spokesman John Kirby said when asked by a reporter.');
    expect(c?.quotes).toEqual(['We think it would be a very good thing for the two to talk,']);
    expect(c?.speaker).toMatchObject({ name: 'John Kirby', role: 'US National Security Council spokesman' });
  });

  it('"said X, the ..." with the role after the name', () => {
    const [c] = claims('Zelensky has repeatedly requested a call with Xi, said Andrew Small, an expert on Chinese foreign policy at the German Marshall Fund.');
    expect(c?.speaker?.name).toBe('Andrew Small');
    expect(c?.speaker?.role).toMatch(/^expert on Chinese foreign policy/);
  });

  it('"according to X"', () => {
    const [c] = claims('The talks will resume next week, according to Wang Yi, China’s foreign minister.');
    expect(c?.speaker?.name).toBe('Wang Yi');
  });

  it('a country that speaks first makes the sentence its statement: the person in the later clause is not its speaker', () => {
    const [c] = claims('China has said it will send officials to Ukraine to broker a peace deal after President Zelensky said he had held a “long and meaningful” phone call with President Xi.');
    expect(c?.speaker).toBeNull();
    // with no earlier speaker, the person who speaks is
    const [d] = claims('President Zelensky said he had held a “long and meaningful” phone call with President Xi.');
    expect(d?.speaker?.name).toBe('Volodymyr Zelensky');
  });

  it('an outlet or office named by "according to" speaks only for a quote', () => {
    const [c] = claims('According to CCTV, Xi Jinping held a phone call with Volodymyr Zelensky on Wednesday afternoon.');
    expect(c?.speaker).toBeNull();
    const [z] = extractClaims('根據中國官媒央視報導,習近平在26日下午與澤倫斯基進行通話,雙方交換意見。', 'zh', knowledge);
    expect(z?.speaker).toBeNull();
  });

  it('a pronoun carries the speaker of the previous sentence', () => {
    const cs = claims('“It has always been a card that China can play,” said Andrew Small. “The conflict is not China’s war,” he said.');
    expect(cs.map((c) => c.speaker?.name)).toEqual(['Andrew Small', 'Andrew Small']);
  });

  it('a quote over two sentences is spoken by the one speaker named at its end', () => {
    const cs = claims('“China fears that the crisis will escalate. It hopes that all parties remain calm,” said Qin Gang, according to a statement.');
    expect(cs).toHaveLength(2);
    expect(cs.every((c) => c.speaker?.name === 'Qin Gang')).toBe(true);
  });

  it('a statement on social media by X', () => {
    const [c] = claims('For his part, Mr. Kouleba tweeted on Monday, “Thanks to my Chinese partner for his solidarity.”');
    expect(c?.speaker?.name).toBe('Dmytro Kuleba');
  });

  it('no speaker when no person speaks', () => {
    const [c] = claims('Commenting on the call, the Russian Foreign Ministry said on Wednesday: “We note the willingness of the Chinese side.”');
    expect(c?.speaker).toBeNull();
  });

  it('a closing quote mark with no opening one opens the quote at the paragraph start', () => {
    const spans = quoteSpans('China fears that the crisis will worsen and become uncontrollable,” Qin Gang said.');
    expect(spans[0]?.text).toBe('China fears that the crisis will worsen and become uncontrollable,');
  });
});
