// The knowledge base's main path: an article written in the editor, submitted, found in the
// unapproved folder, approved, then found by search with its matches highlighted; and on a case
// page, the article suggested, linked, and changed in a new version compared with the first.
import type { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from './fixtures';

import { apiToken, post, seed, signIn } from './support';

/** Sees a notification, then closes it: it would cover the header's buttons. */
async function notified(page: Page, text: string | RegExp): Promise<void> {
  const notification = page.locator('.mantine-Notification-root', { hasText: text });
  await expect(notification.first()).toBeVisible();
  for (const close of await notification.locator('.mantine-Notification-closeButton').all()) await close.click();
  await expect(notification).toHaveCount(0);
}

/** A published article, written, submitted and approved through the API. */
async function publishedArticle(request: APIRequestContext, token: string, data: object): Promise<{ id: string }> {
  const article = await seed(request, token, '/api/v1/knowledge-articles', data);
  await post(request, token, `/api/v1/knowledge-articles/${article.id}/submit`, {});
  await post(request, token, `/api/v1/knowledge-articles/${article.id}/approve`, {});
  return article;
}

test('an article is written, approved from the unapproved folder and found by search', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Most used' })).toBeVisible();

  // Written in the editor: a title, a keyword, one section of rich text.
  await page.getByRole('link', { name: 'Write an article' }).click();
  await expect(page.getByRole('heading', { name: 'Write an article' })).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('What does the article answer?')).toBeVisible();
  await page.getByLabel('Title').fill('Label printer stays offline after the firmware update');
  const keywords = page.getByRole('combobox', { name: 'Keywords' });
  await keywords.fill('firmware');
  await keywords.press('Enter');
  await page.getByLabel('Section 1 heading').fill('Resolution');
  const text = page.getByRole('textbox', { name: 'Resolution text' });
  await text.click();
  await page.keyboard.type('Restart the print spooler, then reinstall the ');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('zorbulator');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type(' driver from the vendor site.');
  await expect(text.locator('strong')).toHaveText('zorbulator');
  await page.screenshot({ path: '/tmp/kb-editor.png', fullPage: true });
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page.getByRole('heading', { name: 'Label printer stays offline after the firmware update' })).toBeVisible();
  await notified(page, /^Draft KA-\d{6} saved/);
  await expect(page.getByLabel('Article number')).toHaveText(/^KA-\d{6}$/);
  const main = page.getByRole('main');
  // The header's status badge comes before those of the versions.
  const status = main.locator('.mantine-Badge-root', { hasText: /^(Draft|Awaiting approval|Published|Archived)$/ }).first();
  await expect(status).toHaveText('Draft');
  await expect(main.getByRole('article').locator('strong')).toHaveText('zorbulator');
  const articleUrl = page.url();

  // Submitted: it waits for approval.
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await notified(page, /submitted/);
  await expect(status).toHaveText('Awaiting approval');
  await expect(page.getByRole('button', { name: 'Edit' })).toBeHidden();

  // The unapproved folder holds it, with its count.
  await page.getByRole('link', { name: 'Knowledge', exact: true }).first().click();
  const unapproved = page.getByRole('tab', { name: /Unapproved/ });
  await expect(unapproved.getByLabel('1 awaiting approval')).toBeVisible();
  await unapproved.click();
  const folder = page.getByRole('table', { name: 'Unapproved articles' });
  await expect(folder.getByRole('link', { name: 'Label printer stays offline after the firmware update' })).toBeVisible();
  await page.screenshot({ path: '/tmp/kb-unapproved.png' });
  await folder.getByRole('link', { name: 'Label printer stays offline after the firmware update' }).click();
  await expect(page).toHaveURL(articleUrl);

  // Approved: published, and out of the folder.
  await page.getByRole('button', { name: 'Approve' }).click();
  await notified(page, /published/);
  await expect(status).toHaveText('Published');
  await expect(page.getByRole('button', { name: 'Approve' })).toBeHidden();

  // Search finds it by the distinctive word, highlighted in its snippet.
  await page.getByRole('navigation').getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('tab', { name: /Unapproved/ }).getByLabel('0 awaiting approval')).toBeVisible();
  await page.getByRole('textbox', { name: 'Search the knowledge base' }).fill('zorbul');
  const results = page.getByRole('list', { name: 'Search results' });
  const hit = results.getByRole('listitem', { name: 'Label printer stays offline after the firmware update' });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText(/zorbul/i);
  await expect(page).toHaveURL(/[?&]q=zorbul/);
  await page.screenshot({ path: '/tmp/kb-search.png', fullPage: true });
  await page.getByRole('textbox', { name: 'Search the knowledge base' }).fill('nothingmatchesthisword');
  await expect(page.getByText('Nothing found for “nothingmatchesthisword”')).toBeVisible();
  await page.getByRole('textbox', { name: 'Search the knowledge base' }).fill('zorbulator driver');
  await hit.getByRole('link', { name: 'Label printer stays offline after the firmware update' }).click();

  await expect(page).toHaveURL(articleUrl);
  await expect(page.getByRole('heading', { name: 'Label printer stays offline after the firmware update' })).toBeVisible();
  await expect(main.getByRole('article').getByRole('heading', { name: 'Resolution' })).toBeVisible();
  await expect(main.getByRole('article').getByText('firmware', { exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'New comment' }).fill('Checked on the 4 series too.');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Comments' })).toContainText('Checked on the 4 series too.');
  await page.screenshot({ path: '/tmp/kb-reader.png', fullPage: true });
});

test('a case suggests an article, links it, and the article’s next version is compared with the first', async ({ page, request }) => {
  test.setTimeout(60_000);
  const token = await apiToken(request);
  const account = await seed(request, token, '/api/v1/accounts', { name: 'Fabrikam Labels' });
  await publishedArticle(request, token, {
    title: 'Thermal labels print blank',
    keywords: ['thermal', 'labels'],
    sections: [
      { title: 'Cause', body: '<p>The ribbon is loaded inside out.</p>' },
      { title: 'Resolution', body: '<p>Turn the ribbon over and calibrate the sensor.</p>' },
    ],
  });
  const kase = await seed(request, token, '/api/v1/cases', {
    title: 'Thermal labels come out blank',
    description: 'Every label of the new roll is blank.',
    account_id: account.id,
  });

  await signIn(page);
  await page.goto(`/cases/${kase.id}`);
  await expect(page.getByRole('heading', { name: 'Thermal labels come out blank' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Knowledge' });
  const suggested = card.getByRole('list', { name: 'Suggested articles' }).getByRole('listitem', { name: 'Thermal labels print blank' });
  await expect(suggested).toBeVisible();
  await expect(suggested.locator('mark').first()).toBeVisible();
  await suggested.getByRole('button', { name: 'Link Thermal labels print blank' }).click();
  await notified(page, 'Article linked');
  const linked = card.getByRole('list', { name: 'Linked articles' }).getByRole('listitem', { name: 'Thermal labels print blank' });
  await expect(linked).toContainText('linked');
  await expect(suggested).toBeHidden();
  await card.getByRole('textbox', { name: 'Search articles for this case' }).fill('ribbon');
  await expect(card.getByRole('list', { name: 'Found articles' }).getByRole('listitem', { name: 'Thermal labels print blank' })).toContainText('Linked');
  await card.getByRole('textbox', { name: 'Search articles for this case' }).fill('');
  await expect(card.getByText('Suggested for this case')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/kb-case.png', fullPage: true });

  // The article counts the use; editing it starts version 2, the first staying published.
  await linked.getByRole('link', { name: 'Thermal labels print blank' }).click();
  await expect(page.getByRole('heading', { name: 'Thermal labels print blank' })).toBeVisible();
  await expect(page.getByRole('main').getByText('Used on 1 case').first()).toBeVisible();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('dialog', { name: /Start version 2/ }).getByRole('button', { name: 'Start a new version' }).click();
  await expect(page.getByRole('heading', { name: /^Edit KA-/ })).toBeVisible();
  await notified(page, 'Version 2 drafted');
  const resolution = page.getByRole('textbox', { name: 'Resolution text' });
  await resolution.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' Then print a test label.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await notified(page, 'Draft saved');
  await expect(page.getByLabel('Version', { exact: true })).toHaveText('Version 2');

  const versions = page.getByRole('region', { name: 'Versions' });
  await expect(versions.getByRole('listitem', { name: 'Version 1' })).toContainText('Published');
  await versions.getByRole('button', { name: 'Compare with version 1' }).click();
  const compare = page.getByRole('dialog', { name: /Compare versions/ });
  const section = compare.getByRole('region', { name: 'Section Resolution' });
  await expect(section.locator('ins')).toContainText('Then print a test label.');
  await expect(compare.getByRole('region', { name: 'Section Cause' })).toContainText('Unchanged');
  await page.screenshot({ path: '/tmp/kb-compare.png' });
});

test('article templates are kept in administration and give a new article its sections', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page);
  await page.goto('/admin');
  await page.getByRole('main').getByRole('link', { name: /Article templates/ }).click();
  await expect(page.getByRole('heading', { name: 'Article templates' })).toBeVisible();
  await page.getByRole('button', { name: 'New template' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New article template' });
  await dialog.getByLabel('Name').fill('Known issue');
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(dialog.getByText('Give the section a heading')).toBeVisible();
  const first = dialog.getByRole('group', { name: 'Section 1' });
  await first.getByLabel('Heading').fill('Resolution');
  await first.getByLabel('Instructions').fill('The steps that fix it, one per line.');
  await dialog.getByRole('button', { name: 'Add a section' }).click();
  const second = dialog.getByRole('group', { name: 'Section 2' });
  await second.getByLabel('Heading').fill('Symptom');
  await second.getByLabel('Instructions').fill('What the customer sees, with the error message.');
  await dialog.getByRole('button', { name: 'Move section 2 up' }).click();
  await expect(dialog.getByRole('group', { name: 'Section 1' }).getByLabel('Heading')).toHaveValue('Symptom');
  await page.screenshot({ path: '/tmp/kb-template.png' });
  await dialog.getByRole('button', { name: 'Add template' }).click();
  await expect(dialog).toBeHidden();
  await notified(page, 'Template added');
  await expect(page.getByRole('table', { name: 'Article templates' }).getByRole('row', { name: 'Known issue' })).toContainText('1. Symptom');

  // Chosen in the editor, it gives the article its sections, with their instructions as help.
  await page.goto('/knowledge/new');
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: 'Known issue' }).click();
  await expect(page.getByLabel('Section 1 heading')).toHaveValue('Symptom');
  await expect(page.getByLabel('Section 2 heading')).toHaveValue('Resolution');
  await expect(page.getByRole('group', { name: 'Section 1' })).toContainText('What the customer sees, with the error message.');
  await page.getByLabel('Title').fill('Badge reader beeps twice');
  await page.getByRole('textbox', { name: 'Symptom text' }).fill('The reader beeps twice and the door stays shut.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await notified(page, /^Draft KA-\d{6} saved/);
  const article = page.getByRole('main').getByRole('article');
  await expect(article.getByRole('heading', { name: 'Symptom' })).toBeVisible();
  await expect(article.getByRole('region', { name: 'Resolution' })).toContainText('Not written yet.');
  await expect(page.getByRole('main')).toContainText('Known issue');

  // Submitted, then sent back with what must change: a draft again, the reason on it.
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await notified(page, /submitted/);
  await page.getByRole('button', { name: 'Reject' }).click();
  const reject = page.getByRole('dialog', { name: /^Reject KA-/ });
  await reject.getByRole('button', { name: 'Reject' }).click();
  await expect(reject.getByText('Say what must change')).toBeVisible();
  await reject.getByLabel('What must change').fill('Write the resolution: which setting fixes it?');
  await reject.getByRole('button', { name: 'Reject' }).click();
  await expect(reject).toBeHidden();
  await notified(page, 'Sent back to its writer');
  await expect(page.getByRole('alert').filter({ hasText: 'Sent back' })).toContainText('Write the resolution: which setting fixes it?');
  await expect(page.getByRole('button', { name: 'Submit for approval' })).toBeVisible();
  await page.screenshot({ path: '/tmp/kb-rejected.png', fullPage: true });
});
