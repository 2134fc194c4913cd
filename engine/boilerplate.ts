// Removes site furniture that extraction leaves in article text: source lines, "read more" lists,
// photo captions, reading-time lines, comment-form text, wire credits. The rules are generic
// (they describe kinds of furniture, not particular outlets) and are tested on the seed texts and
// on Readability's real news fixtures.

/** A whole line that is furniture, not article text. */
const FURNITURE_LINE: RegExp[] = [
  /^(?:source|sources|fonte|quelle|fuente|credit|credits)\s*:\s*\S[^.!?]{0,40}$/i,
  /^(?:to|back to|go to)\s+(?:the\s+)?(?:home\s*page|homepage|top|start page)\.?$/i,
  /^(?:study|reading|read|lesezeit|temps de lecture|tiempo de lectura)\s*(?:time)?\s*:?\s*\d+\s*(?:min|minutes?|minuten|minutos)\b.*$/i,
  /^\d+\s*(?:min|minute)s?\s+read$/i,
  /^(?:see also|read also|also read|read more|related|more stories|recommended|lire aussi|voir aussi|à lire aussi|leia também|veja também|lee también|mehr zum thema|auch interessant)\b.{0,160}$/i,
  /^leave a (?:reply|comment)\b.*$/i,
  /^(?:your email address will not be published|required fields are marked).*$/i,
  /^(?:comments?|\d+\s+comments?|share this( article)?|share|tweet|print|email|advertisement|sponsored|subscribe(?: now)?|sign up.*newsletter.*)$/i,
  /^\((?:with information from|with|reporting by|additional reporting by|editing by|writing by)\b[^)]*\)\.?$/i,
  /^(?:file|archive|stock)\s+(?:photo|picture|image)\b.*$/i,
  /^(?:photo|picture|image|foto|photograph)\s*:\s*.*$/i,
  /^(?:more (?:on|about|from) .{3,80}?\s(?:at|on|in|from)\s\p{Lu}).*$/iu,
  /^first published\b.*$/i,
  /^(?:last (?:modified|updated)|updated|published)\s*:?\s*\d.*$/i,
];

/** A heading after which the rest of the text is a list of other stories. */
const TAIL_LIST_HEADING = /^(?:keep reading|read more|more news|more stories|related (?:articles|stories|news)|you may also like|recommended for you|most read|siga leyendo|seguir leyendo|leia mais|lire aussi|weiterlesen|mehr zum thema)\s*:?\s*$/i;

/** Photo credits such as "(AP/Jane Doe)" or "(REUTERS)" at the end of a caption line. */
const PHOTO_CREDIT = /\((?:AP|AFP|REUTERS|Reuters|EFE|dpa|Getty(?: Images)?|EPA|ANSA|Xinhua|[^()]{0,40}\/[^()]{0,40}|(?:photo|foto|picture|image)s?(?: by|:)[^()]{0,60})\)\s*(?:\([^()]{0,60}\/?\))?\s*$/i;

/** A wire credit at the very end of a paragraph: "... a talk by Xi and Zelenskyy. (AFP)". */
const TRAILING_WIRE_CREDIT = /\s*\((?:AFP|AP|dpa|Reuters|EFE|ANSA|Xinhua|TASS|with [^)]{0,60})\)\s*$/i;

/** A scraper's date prefix at the start of the text, "date 2023-03-16 ...". */
const DATE_PREFIX = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/i;

const SENTENCE_END = /[.!?…]["”’»)]*$/;

export interface CleanedText {
  /** paragraphs that are article text */
  paragraphs: string[];
  /** a date found in a scraper's date prefix, if any */
  datePrefix: string | null;
  /** lines removed, for tests and the "why" of a debug view */
  removed: string[];
}

function isCaptionLike(line: string): boolean {
  // Short lines ending in a photo credit are captions; long paragraphs that happen to end
  // with "(AFP)" are text with a wire credit.
  if (!PHOTO_CREDIT.test(line) || line.length >= 300) return false;
  const withoutCredit = line.replace(PHOTO_CREDIT, '').replace(PHOTO_CREDIT, '').trim();
  // a caption credits a photo agency or photographer; a sentence ending in "(AFP)" credits a wire
  const photoCredit = /\/|getty|photo|foto|picture|image/i.test(line.match(PHOTO_CREDIT)?.[0] ?? '');
  return !SENTENCE_END.test(withoutCredit) || (photoCredit && withoutCredit.split(/\s+/).length < 45 && !/[“"”]/.test(withoutCredit));
}

export function cleanArticleText(text: string): CleanedText {
  const removed: string[] = [];
  let datePrefix: string | null = null;
  let body = text.replace(/\r\n?/g, '\n');
  const m = DATE_PREFIX.exec(body);
  if (m) {
    datePrefix = m[1] ?? null;
    body = body.slice(m[0].length);
  }
  const lines = body.split('\n').map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim());
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line) continue;
    if (TAIL_LIST_HEADING.test(line)) {
      removed.push(...lines.slice(i).filter(Boolean));
      break;
    }
    if (FURNITURE_LINE.some((re) => re.test(line)) || isCaptionLike(line)) {
      removed.push(line);
      continue;
    }
    const stripped = line.replace(TRAILING_WIRE_CREDIT, '').trim();
    if (stripped) kept.push(stripped);
  }
  return { paragraphs: kept, datePrefix, removed };
}

/** A first line that reads as a headline: not ending like a sentence and not too long. */
export function looksLikeHeadline(line: string): boolean {
  return line.length <= 200 && !SENTENCE_END.test(line);
}

/** Drops a site/section suffix from a headline: "Title | Section", "Title - Outlet". */
export function cleanHeadline(title: string): string {
  return title
    .replace(/\s+[|–—]\s+[^|–—]{1,40}$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Short title made from a lede when a text has no headline line. */
export function titleFromLede(lede: string, maxLength = 120): string {
  const firstSentence = lede.split(/(?<=[.!?]["”’]?)\s+/u)[0] ?? lede;
  if (firstSentence.length <= maxLength) return firstSentence.replace(/[.]$/, '');
  const cut = firstSentence.slice(0, maxLength);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:]$/, '')}…`;
}

export interface TitledText {
  title: string;
  /** article paragraphs, without the headline line */
  paragraphs: string[];
  datePrefix: string | null;
}

/**
 * Splits a plain text (first line = headline or lede) into a title and cleaned body paragraphs.
 * A first line that is a sentence stays in the body (it is the lede); a headline does not.
 */
export function splitTitleAndBody(text: string): TitledText {
  return titleAndBodyOf(cleanArticleText(text));
}

/** `splitTitleAndBody` of a text already cleaned with `cleanArticleText`. */
export function titleAndBodyOf(cleaned: CleanedText): TitledText {
  const [first, ...rest] = cleaned.paragraphs;
  if (first === undefined) return { title: '', paragraphs: [], datePrefix: cleaned.datePrefix };
  if (looksLikeHeadline(first) && rest.length > 0) {
    return { title: cleanHeadline(first), paragraphs: rest, datePrefix: cleaned.datePrefix };
  }
  return { title: titleFromLede(first), paragraphs: cleaned.paragraphs, datePrefix: cleaned.datePrefix };
}
