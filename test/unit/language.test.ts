import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreement, loadSemevalArticles, SEMEVAL_ARTICLES } from '../../eval/language-agreement.ts';
import { textTrigrams } from '../../engine/language.ts';
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

  // short texts in languages whose stopword lists are short or shared with neighbours: the
  // character trigrams decide
  it.each([
    ['Dışişleri Bakanı perşembe günü görüşmelerin gelecek hafta yeniden başlayacağını söyledi.', 'tr'],
    ['Büyükelçilik, vatandaşlarına ülkeyi hemen terk etmeleri çağrısında bulundu.', 'tr'],
    ['Minister spraw zagranicznych powiedział w czwartek, że rozmowy zostaną wznowione.', 'pl'],
    ['El ministro de Asuntos Exteriores dijo el jueves que las conversaciones se reanudarán.', 'es'],
    ['O ministro dos Negócios Estrangeiros disse na quinta-feira que as conversações serão retomadas.', 'pt'],
    ['Il ministro degli Esteri ha detto giovedì che i colloqui riprenderanno la prossima settimana.', 'it'],
    ['De minister van Buitenlandse Zaken zei donderdag dat de gesprekken volgende week worden hervat.', 'nl'],
    ['Udenrigsministeren sagde torsdag, at forhandlingerne genoptages i næste uge.', 'da'],
    ['Utrikesministern sade på torsdagen att samtalen återupptas nästa vecka.', 'sv'],
    ['Puppy brings comfort to police officers and dispatchers at the city hall on Monday.', 'en'],
  ])('%s -> %s', (text, lang) => expect(detect(text)).toBe(lang));

  it('takes the language of most of a mixed text', () => {
    const german = 'Die Bundesregierung hat am Mittwoch beschlossen, die Hilfen für die betroffenen Regionen zu verlängern. Der Minister sagte, man werde die Lage weiter beobachten und bei Bedarf nachsteuern.';
    expect(detect(`${german} "We will not give up," he said in English.`)).toBe('de');
    expect(detect(`Chancellor says "Wir schaffen das" again. ${'The government said on Wednesday that aid for the affected regions would be extended, and the minister said the situation would be watched. '.repeat(2)}`)).toBe('en');
  });

  it('keeps a plausible declared language for a text that fits it nearly as well', () => {
    // Galician is not a language we weight: its text reads as Portuguese or Spanish; a page that
    // says Portuguese gets Portuguese, one that says English does not
    const text = 'O ministro dos Negócios Estrangeiros disse que as conversações serão retomadas.';
    expect(detect(text, 'pt-PT')).toBe('pt');
    expect(detect(text, 'en')).toBe('pt');
  });

  it('ranks the trigrams of a text by frequency, ASCII punctuation and digits as spaces', () => {
    // " aa aa b ": " aa" and "aa " twice, then the others in order
    expect(textTrigrams('Aa, aa! 12 b')).toEqual([' aa', 'aa ', 'a a', 'a b', ' b ']);
  });

  // the labelled development set beside the project (../shared/eval-semeval), when it is there
  it.runIf(fs.existsSync(SEMEVAL_ARTICLES))('agrees with the labels of eval-semeval on at least 99% of its articles, with no hint', () => {
    const a = agreement(loadSemevalArticles()!, knowledge.languages);
    expect(a.total).toBeGreaterThan(1000);
    expect(a.agree / a.total, JSON.stringify(a.confusions)).toBeGreaterThanOrEqual(0.99);
    for (const [lang, row] of Object.entries(a.perLanguage)) expect(row.agree / row.total, lang).toBeGreaterThanOrEqual(0.95);
  });
});
