// The article form's values, what the API is sent from them, and where the API's field errors
// show on the form. Pure, so the editor and the tests share them.
import type { ArticleSection, ArticleTemplate, KnowledgeArticle, Visibility } from '@/shared/knowledge/api';

import type { ArticleFields, ArticlePatch } from './api';

export type SectionValues = { key: string; title: string; body: string; instructions: string | null };

export type ArticleFormValues = {
  title: string;
  subject: string | null;
  keywords: string[];
  visibility: Visibility;
  template_id: string | null;
  sections: SectionValues[];
};

let nextKey = 0;
/** A key that keeps each section's editor in place while sections move. */
export function sectionKey(): string {
  nextKey += 1;
  return `section-${nextKey}`;
}

/** Rich text with nothing in it (what an emptied editor holds) is no text. */
export function isBlankHtml(html: string): boolean {
  return html.replace(/<(p|br|\/p)\s*\/?>/gi, '').trim() === '';
}

export function articleFormValues(article?: KnowledgeArticle, template?: ArticleTemplate | null): ArticleFormValues {
  const instructions = (title: string) => template?.sections.find((s) => s.title === title)?.instructions ?? null;
  return {
    title: article?.title ?? '',
    subject: article?.subject ?? null,
    keywords: article?.keywords ?? [],
    visibility: article?.visibility ?? 'internal',
    template_id: article?.template_id ?? null,
    sections: article
      ? article.sections.map((s) => ({ key: sectionKey(), title: s.title ?? '', body: s.body ?? '', instructions: instructions(s.title ?? '') }))
      : [{ key: sectionKey(), title: '', body: '', instructions: null }],
  };
}

/** The sections a template asks for, empty, with what to write in each. */
export function templateSections(template: ArticleTemplate): SectionValues[] {
  return template.sections.map((s) => ({ key: sectionKey(), title: s.title, body: '', instructions: s.instructions ?? null }));
}

/** Whether the writer has put anything in the sections yet (choosing a template replaces them). */
export function hasWrittenSections(sections: readonly SectionValues[]): boolean {
  return sections.some((s) => s.title.trim() !== '' || !isBlankHtml(s.body));
}

function sections(values: ArticleFormValues): ArticleSection[] {
  return values.sections.map((s) => ({ title: s.title.trim(), body: isBlankHtml(s.body) ? '' : s.body }));
}

/** A new article from the form. */
export function toArticleFields(values: ArticleFormValues): ArticleFields {
  return {
    title: values.title.trim(),
    subject: values.subject,
    keywords: values.keywords.map((k) => k.trim()).filter(Boolean),
    visibility: values.visibility,
    template_id: values.template_id,
    sections: sections(values),
  };
}

/** Only what changed from the version (an unchanged form sends nothing). */
export function toArticlePatch(values: ArticleFormValues, article: KnowledgeArticle): ArticlePatch {
  const fields = toArticleFields(values);
  const patch: ArticlePatch = {};
  if (fields.title !== article.title) patch.title = fields.title;
  if ((fields.subject ?? null) !== (article.subject ?? null)) patch.subject = fields.subject ?? null;
  if (JSON.stringify(fields.keywords) !== JSON.stringify(article.keywords)) patch.keywords = fields.keywords ?? [];
  if (fields.visibility !== article.visibility) patch.visibility = fields.visibility ?? 'internal';
  const before = article.sections.map((s) => ({ title: s.title ?? '', body: s.body ?? '' }));
  if (JSON.stringify(fields.sections) !== JSON.stringify(before)) patch.sections = fields.sections ?? [];
  return patch;
}

/**
 * The form's name of an API field: `sections[0].body` -> `sections.0.body`; a keyword's error
 * (`keywords[2]`) shows on the keywords; the text as one piece (`body`) on the first section.
 */
export function formField(apiField: string): string {
  const path = apiField.replace(/\[(\d+)\]/g, '.$1');
  if (path.startsWith('keywords.')) return 'keywords';
  if (path === 'body') return 'sections.0.body';
  return path;
}

/** Every field of the form that can show an error. */
export function knownFields(values: ArticleFormValues): string[] {
  return ['title', 'subject', 'keywords', 'visibility', 'template_id', 'sections', ...values.sections.flatMap((_, i) => [`sections.${i}.title`, `sections.${i}.body`])];
}
