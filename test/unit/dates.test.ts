import { describe, expect, it } from 'vitest';
import { findDates, parseIsoDay } from '../../engine/dates.ts';

const pub = (iso: string | null) => parseIsoDay(iso);

describe('dates in text', () => {
  it('resolves "on Thursday" against the publication date', () => {
    expect(findDates('Qin Gang on Thursday urged Kiev and Moscow', pub('2023-03-16'))[0]?.iso).toBe('2023-03-16');
    expect(findDates('Qin Gang on Thursday urged Kiev and Moscow', pub('2023-03-17'))[0]?.iso).toBe('2023-03-16');
  });

  it('resolves "Monday\'s phone call" to the Monday before publication', () => {
    expect(findDates("Monday's phone call between the two ministers", pub('2022-04-05'))[0]?.iso).toBe('2022-04-04');
  });

  it('keeps a weekday without a publication date as a weekday', () => {
    const [d] = findDates('The White House said Thursday that talks would be good', null);
    expect(d).toMatchObject({ iso: null, weekday: 4 });
  });

  it.each([
    ['on 16 March 2023', null, '2023-03-16'],
    ['March 16, 2023', null, '2023-03-16'],
    ['Il 4 aprile, il consigliere di Stato', '2022-04-05', '2022-04-04'],
    ['no dia 16 de março', '2023-03-17', '2023-03-16'],
    ['said on Friday (24.Feb.2023) that', null, '2023-02-24'],
    ['3月16日(週四)先行通話', '2023-03-17', '2023-03-16'],
    ['am 20.4.2023 die Souveränität', null, '2023-04-20'],
  ])('reads %s', (text, published, iso) => {
    expect(findDates(text, pub(published)).map((d) => d.iso)).toContain(iso);
  });

  it('does not read "may" as a month without a day number', () => {
    expect(findDates('China may be willing to help', pub('2023-03-16'))).toEqual([]);
  });
});
