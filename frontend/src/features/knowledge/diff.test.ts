import { describe, expect, it } from 'vitest';

import { asSections, htmlToText, pairSections, sectionsText, valueText, wordDiff } from './diff';

describe('htmlToText', () => {
  it('puts blocks on lines of their own and bullets list items', () => {
    expect(htmlToText('<p>Turn it <strong>off</strong>.</p><ul><li>Wait</li><li>Turn it on</li></ul>')).toBe('Turn it off.\n• Wait\n• Turn it on');
  });

  it('decodes character references and ignores empty markup', () => {
    expect(htmlToText('<p>R&amp;D &lt;team&gt;</p><p></p>')).toBe('R&D <team>');
    expect(htmlToText('')).toBe('');
  });
});

describe('wordDiff', () => {
  it('marks the words removed and added between the same ones', () => {
    expect(wordDiff('Restart the printer now', 'Restart the router now')).toEqual([
      { kind: 'same', text: 'Restart the ' },
      { kind: 'removed', text: 'printer' },
      { kind: 'added', text: 'router' },
      { kind: 'same', text: ' now' },
    ]);
  });

  it('keeps identical texts whole and shows a new text as added', () => {
    expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
    expect(wordDiff('', 'all new')).toEqual([{ kind: 'added', text: 'all new' }]);
  });

  it('finds words kept in the middle of changes', () => {
    const parts = wordDiff('a b c d', 'x b y d');
    expect(parts.filter((p) => p.kind === 'same').map((p) => p.text.trim())).toEqual(['b', 'd']);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['a', 'c']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['x', 'y']);
  });
});

describe('pairSections', () => {
  it('pairs sections by heading, then lists the removed ones', () => {
    const pairs = pairSections(
      [
        { title: 'Cause', body: 'old cause' },
        { title: 'Gone', body: 'x' },
      ],
      [
        { title: 'Resolution', body: 'new' },
        { title: 'Cause', body: 'new cause' },
      ],
    );
    expect(pairs.map((p) => [p.title, p.before?.body ?? null, p.after?.body ?? null])).toEqual([
      ['Resolution', null, 'new'],
      ['Cause', 'old cause', 'new cause'],
      ['Gone', 'x', null],
    ]);
  });

  it('pairs a renamed section with the one at its place', () => {
    const pairs = pairSections([{ title: 'Fix', body: 'a' }], [{ title: 'Resolution', body: 'b' }]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]?.before?.body).toBe('a');
  });
});

describe('compared values', () => {
  it('reads any JSON the comparison sends', () => {
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText(null)).toBe('');
    expect(asSections([{ title: 'T', body: '<p>x</p>' }, 3])).toEqual([{ title: 'T', body: '<p>x</p>' }]);
    expect(asSections('nope')).toEqual([]);
  });
});

describe('sectionsText', () => {
  it('reads logged sections as their headings and words', () => {
    expect(sectionsText([{ title: 'Cause', body: '<p>A <b>worn</b> roller</p>' }, { title: '', body: '<p>Replace it.</p>' }])).toBe('Cause: A worn roller · Replace it.');
    expect(sectionsText(null)).toBe('');
  });
});
