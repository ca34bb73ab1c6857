// Comparing two versions of an article for people: the text of rich text, a word diff of two
// texts, and the sections of two versions paired up. Pure, so the compare dialog and the tests
// share them.

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const BLOCKS = new Set(['P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR', 'UL', 'OL', 'TABLE', 'FIGURE', 'HR']);

/** The text of (sanitized) HTML: blocks on lines of their own, list items with a bullet. */
export function htmlToText(html: string): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') {
      out.push('\n');
      return;
    }
    const block = BLOCKS.has(node.tagName);
    if (block) out.push('\n');
    if (node.tagName === 'LI') out.push('• ');
    node.childNodes.forEach(walk);
    if (block) out.push('\n');
  };
  doc.body.childNodes.forEach(walk);
  return out
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

/** Words and the spaces between them, so a diff keeps the text's line breaks. */
function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== '');
}

/** Beyond this many token pairs the middle of two texts is shown as replaced whole. */
const MAX_CELLS = 2_000_000;

/**
 * The words of `before` and `after` as the same, removed and added runs, in reading order: the
 * longest common subsequence of their words between the common start and end.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    // lcs[i][j]: the length of the longest common subsequence of midA[i..] and midB[j..].
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) {
        push('same', midA[i] ?? '');
        i++;
        j++;
      } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
        push('removed', midA[i] ?? '');
        i++;
      } else {
        push('added', midB[j] ?? '');
        j++;
      }
    }
    push('removed', midA.slice(i).join(''));
    push('added', midB.slice(j).join(''));
  }
  push('same', a.slice(endA).join(''));
  return parts;
}

export type SectionLike = { title?: string | null; body?: string | null };
export type SectionPair = { title: string; before: SectionLike | null; after: SectionLike | null };

/**
 * The sections of two versions side by side: those with the same heading together (in the
 * order of the newer version), then the ones only the older version had.
 */
export function pairSections(before: readonly SectionLike[], after: readonly SectionLike[]): SectionPair[] {
  const used = new Set<number>();
  const pairs: SectionPair[] = after.map((section, index) => {
    const title = section.title ?? '';
    let match = before.findIndex((b, i) => !used.has(i) && (b.title ?? '') === title);
    // An untitled or renamed section: the one at the same place, if it is free.
    if (match < 0 && index < before.length && !used.has(index) && !after.some((s) => (s.title ?? '') === (before[index]?.title ?? ''))) match = index;
    if (match >= 0) used.add(match);
    return { title, before: match >= 0 ? (before[match] ?? null) : null, after: section };
  });
  before.forEach((section, i) => {
    if (!used.has(i)) pairs.push({ title: section.title ?? '', before: section, after: null });
  });
  return pairs;
}

/** A value of a compared field as a short text (the API sends any JSON). */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

/** The sections of a compared `sections` value (anything else: none). */
export function asSections(value: unknown): SectionLike[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { title, body } = item as Record<string, unknown>;
    return [{ title: typeof title === 'string' ? title : '', body: typeof body === 'string' ? body : '' }];
  });
}

/** The words of a compared `keywords` value. */
export function asWords(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A compared or logged `sections` value as text people read: each heading, then its words. */
export function sectionsText(value: unknown): string {
  return asSections(value)
    .map((s) => [s.title, htmlToText(s.body ?? '')].filter(Boolean).join(': '))
    .join(' · ');
}
