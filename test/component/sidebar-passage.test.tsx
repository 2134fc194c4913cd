// The reader view's passage finder: exact, folded (case, spacing, quote marks, dashes), and
// sentence by sentence when a passage spans paragraphs.
import { describe, expect, it } from 'vitest';
import { findPassage } from '../../components/sidebar/passage.ts';

const paragraphs = ['The minister spoke on Thursday.', '“We will   talk,” he said — twice. Nothing else was agreed.', 'Talks resume in May. Both sides agreed to meet.'];
const slice = (r: { paragraph: number; start: number; end: number }) => paragraphs[r.paragraph]!.slice(r.start, r.end);

describe('findPassage', () => {
  it('finds a passage as written', () => {
    expect(findPassage(paragraphs, 'Nothing else was agreed.').map(slice)).toEqual(['Nothing else was agreed.']);
  });

  it('finds it despite case, spacing, quote marks and dashes, and marks the original text', () => {
    expect(findPassage(paragraphs, '"we will talk," he said - twice.').map(slice)).toEqual(['“We will   talk,” he said — twice.']);
  });

  it('finds a passage that spans paragraphs sentence by sentence', () => {
    const ranges = findPassage(paragraphs, 'Nothing else was agreed. Talks resume in May.');
    expect(ranges.map((r) => [r.paragraph, slice(r)])).toEqual([
      [1, 'Nothing else was agreed.'],
      [2, 'Talks resume in May.'],
    ]);
  });

  it('finds nothing for a passage that is not there, or none at all', () => {
    expect(findPassage(paragraphs, 'The summit was cancelled.')).toEqual([]);
    expect(findPassage(paragraphs, null)).toEqual([]);
    expect(findPassage(paragraphs, '   ')).toEqual([]);
  });
});
