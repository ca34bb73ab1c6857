import { describe, expect, it } from 'vitest';

import type { KnowledgeArticle } from '@/shared/knowledge/api';

import { articleFormValues, formField, hasWrittenSections, isBlankHtml, templateSections, toArticleFields, toArticlePatch } from './form';

const article = {
  id: 'a1',
  number: 'KA-000001',
  root_article_id: 'a1',
  version_number: 1,
  is_latest_version: true,
  title: 'Printer offline',
  subject: 'hardware',
  keywords: ['printer'],
  sections: [{ title: 'Resolution', body: '<p>Restart it.</p>' }],
  body: '<h2>Resolution</h2><p>Restart it.</p>',
  visibility: 'internal',
  status: 'draft',
  use_count: 0,
  owner_id: 'u1',
  business_unit_id: 'b1',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 3,
} satisfies KnowledgeArticle;

describe('the article form', () => {
  it('sends only what changed', () => {
    const values = articleFormValues(article);
    expect(toArticlePatch(values, article)).toEqual({});
    values.title = ' Printer shows offline ';
    values.keywords = ['printer', 'offline'];
    expect(toArticlePatch(values, article)).toEqual({ title: 'Printer shows offline', keywords: ['printer', 'offline'] });
  });

  it('sends an emptied editor as no text', () => {
    const values = articleFormValues();
    values.title = 'New';
    values.sections = [{ key: 'k', title: ' Cause ', body: '<p></p>', instructions: null }];
    expect(toArticleFields(values).sections).toEqual([{ title: 'Cause', body: '' }]);
    expect(isBlankHtml('<p><br></p>')).toBe(true);
    expect(isBlankHtml('<p>x</p>')).toBe(false);
  });

  it('takes a template’s headings with their instructions', () => {
    const sections = templateSections({
      id: 't',
      name: 'Known issue',
      sections: [{ title: 'Symptom', instructions: 'What the customer sees' }, { title: 'Fix' }],
      is_active: true,
      created_at: '',
      updated_at: '',
      version: 1,
    });
    expect(sections.map((s) => [s.title, s.body, s.instructions])).toEqual([
      ['Symptom', '', 'What the customer sees'],
      ['Fix', '', null],
    ]);
    expect(hasWrittenSections(sections)).toBe(true);
    expect(hasWrittenSections(articleFormValues().sections)).toBe(false);
  });

  it('shows the API’s field errors on the form’s fields', () => {
    expect(formField('sections[0].body')).toBe('sections.0.body');
    expect(formField('sections[2].title')).toBe('sections.2.title');
    expect(formField('keywords[2]')).toBe('keywords');
    expect(formField('body')).toBe('sections.0.body');
    expect(formField('title')).toBe('title');
  });
});
