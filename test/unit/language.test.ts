import { describe, expect, it } from 'vitest';
import { knowledge } from '../support/engine.ts';

const detect = (text: string, hint?: string | null) => knowledge.languages.detect(text, hint);

describe('language detection', () => {
  it.each([
    ['The foreign minister said on Thursday that the talks would resume next week in Geneva.', 'en'],
    ['Le ministre des Affaires étrangères a déclaré jeudi que les pourparlers reprendraient la semaine prochaine.', 'fr'],
    ['Der Außenminister sagte am Donnerstag, dass die Gespräche in der nächsten Woche fortgesetzt werden.', 'de'],
    ['中国外交部长秦刚周四与乌克兰外长库列巴通电话。', 'zh'],
    ['Министр иностранных дел заявил в четверг, что переговоры возобновятся.', 'ru'],
    ['قال وزير الخارجية يوم الخميس إن المحادثات ستستأنف الأسبوع المقبل', 'ar'],
    ['שר החוץ אמר ביום חמישי כי השיחות יתחדשו בשבוע הבא', 'he'],
  ])('%s -> %s', (text, lang) => expect(detect(text)).toBe(lang));

  it('trusts the page for scripts it has no list for', () => {
    expect(detect('ተወካዩ ማክሰኞ ዕለት ንግግሮቹ እንደሚቀጥሉ ተናግረዋል', 'am')).toBe('am');
  });
});
