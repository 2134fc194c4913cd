// Finds a cited passage in an article's paragraphs for the reader view's highlight: exactly, else
// ignoring case, spacing, quote marks and dashes; a passage that spans paragraphs (or is not found
// whole) is found sentence by sentence.

export interface PassageRange {
  paragraph: number;
  start: number;
  end: number;
}

const FOLD: Record<string, string> = { '“': '"', '”': '"', '„': '"', '«': '"', '»': '"', '‘': "'", '’': "'", '‚': "'", '–': '-', '—': '-', '‐': '-', '\u00a0': ' ' };

/** The text folded for comparison, with the original index of each folded character. */
function fold(text: string): { folded: string; at: number[] } {
  let folded = '';
  const at: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const ch = FOLD[text[i]!] ?? text[i]!;
    if (/\s/.test(ch)) {
      if (!space && folded.length) {
        folded += ' ';
        at.push(i);
      }
      space = true;
      continue;
    }
    space = false;
    folded += ch.toLowerCase();
    at.push(i);
  }
  if (folded.endsWith(' ')) {
    folded = folded.slice(0, -1);
    at.pop();
  }
  return { folded, at };
}

function findOne(paragraphs: readonly string[], needle: string): PassageRange | null {
  for (let p = 0; p < paragraphs.length; p++) {
    const start = paragraphs[p]!.indexOf(needle);
    if (start >= 0) return { paragraph: p, start, end: start + needle.length };
  }
  const n = fold(needle).folded;
  if (n.length < 8) return null;
  for (let p = 0; p < paragraphs.length; p++) {
    const { folded, at } = fold(paragraphs[p]!);
    const i = folded.indexOf(n);
    if (i >= 0) return { paragraph: p, start: at[i]!, end: at[i + n.length - 1]! + 1 };
  }
  return null;
}

/** The ranges to mark, in reading order; empty when the passage is not in the text. */
export function findPassage(paragraphs: readonly string[], passage: string | null): PassageRange[] {
  const text = passage?.trim();
  if (!text) return [];
  const whole = findOne(paragraphs, text);
  if (whole) return [whole];
  const sentences = text.split(/(?<=[.!?…]["'”’»]?)\s+/).filter((s) => s.trim().length >= 12);
  if (sentences.length < 2) return [];
  const ranges = sentences.map((s) => findOne(paragraphs, s.trim())).filter((r): r is PassageRange => r !== null);
  return ranges.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
}
