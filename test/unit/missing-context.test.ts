import { describe, expect, it } from 'vitest';
import { analyseSeed, seedId } from '../support/engine.ts';

const idsOf = (item: { sources: Array<{ id: string }> }) => item.sources.map((s) => s.id).sort();

describe('missing context on the seeds', () => {
  const r000 = analyseSeed('000');
  const same = r000.missingContext.filter((m) => m.section === 'same-story');

  it("reading 000: Kirby's statement is one item from 001 and 002, within the first three", () => {
    const kirby = same.slice(0, 3).find((m) => m.speaker === 'John Kirby');
    expect(kirby).toBeDefined();
    expect(kirby!.kind).toBe('quote');
    expect(kirby!.speakerRole).toMatch(/National Security Council spokesman/);
    expect(idsOf(kirby!)).toEqual([seedId('001'), seedId('002')]);
    expect(kirby!.sources.every((s) => /good/.test(s.text))).toBe(true);
  });

  it('reading 000: the Wall Street Journal report of a planned Xi–Zelensky talk appears', () => {
    expect(same.some((m) => m.sources.some((s) => /Wall Street Journal/.test(s.text)))).toBe(true);
  });

  it("reading 000: later developments hold Lu Shaye's remarks and Xi's call with Zelensky", () => {
    const later = r000.missingContext.filter((m) => m.section === 'since-then');
    const lu = later.find((m) => m.speaker === 'Lu Shaye');
    expect(lu?.text).toMatch(/sovereignty/);
    expect(idsOf(lu!)).toEqual([seedId('003')]);
    expect(later.some((m) => /Xi/.test(m.text) && /Zelensky/.test(m.text) && /call/.test(m.text))).toBe(true);
  });

  it('reading 000: nothing it already says is listed as missing', () => {
    for (const m of same) {
      // the call itself, "as soon as possible", territorial integrity, the 12-point plan
      expect(m.text).not.toMatch(/as soon as possible/);
      expect(m.text).not.toMatch(/importance of the principle of territorial integrity/);
      expect(m.text).not.toMatch(/12-point/);
      expect(m.text).not.toMatch(/China fears|is concerned that the crisis/);
    }
  });

  it("reading 003: Kirby's statement and the Qin–Kuleba call are background", () => {
    const r003 = analyseSeed('003');
    const bg = r003.missingContext.filter((m) => m.section === 'background');
    expect(bg.some((m) => m.speaker === 'John Kirby')).toBe(true);
    expect(bg.some((m) => /Qin/.test(m.text) && m.sources.length >= 2)).toBe(true);
  });

  it('no item from any seed is boilerplate', () => {
    for (const a of ['000', '001', '002', '003', '004']) {
      for (const m of analyseSeed(a).missingContext) {
        for (const s of m.sources) {
          expect(s.text).not.toMatch(/Source: DN|To home page|Tagesspiegel Plus|Keep reading|Study time|Leave a Reply|Required fields|See also|File photo|Archive photo|With information from/);
          expect(s.text.split(/\s+/).length).toBeGreaterThanOrEqual(6);
        }
      }
    }
  });
});

describe('the versions missing context and translation differences read', () => {
  it('reads the best-scored SOURCE_LIMITS of each relation, in the listing order, and every version when there are fewer', async () => {
    const { explainedSources, SOURCE_LIMITS } = await import('../../engine/missing-context.ts');
    const listing = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `same-${i}`, relation: 'same-story' as const, score: 1 - i / 100 })),
      // related coverage listed in an order that is not its score's
      ...Array.from({ length: 12 }, (_, i) => ({ id: `related-${i}`, relation: 'related' as const, score: ((i * 7) % 12) / 12 })),
    ];
    const read = explainedSources(listing);
    const same = read.filter((m) => m.relation === 'same-story');
    const related = read.filter((m) => m.relation === 'related');
    expect(same).toHaveLength(SOURCE_LIMITS.sameStory);
    expect(related).toHaveLength(SOURCE_LIMITS.related);
    // the best scores of each relation, kept in the order they were listed
    const bestRelated = listing.filter((m) => m.relation === 'related').sort((a, b) => b.score - a.score).slice(0, SOURCE_LIMITS.related);
    expect(new Set(related.map((m) => m.id))).toEqual(new Set(bestRelated.map((m) => m.id)));
    expect(read).toEqual(listing.filter((m) => read.includes(m)));
    expect(explainedSources(listing.slice(0, 3))).toEqual(listing.slice(0, 3));
  });
});
