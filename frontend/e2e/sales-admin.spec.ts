import { expect, test } from './fixtures';

import { signIn } from './support';

test('an administrator adds a competitor, a sales stage and a picklist value', async ({ page }) => {
  await signIn(page);
  await page.goto('/admin');
  await page.getByRole('main').getByRole('link', { name: /Competitors/ }).click();
  await expect(page.getByRole('heading', { name: 'Competitors' })).toBeVisible();
  await page.screenshot({ path: '/tmp/spa-helper/competitors-empty.png' });

  await page.getByRole('button', { name: 'New competitor' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New competitor' });
  await dialog.getByLabel('Name').fill('Northwind Traders');
  await dialog.getByLabel('Website').fill('https://northwind.example');
  await dialog.getByLabel('Strengths').fill('Low prices, big partner network');
  await dialog.getByLabel('Weaknesses').fill('Slow support, no mobile app');
  await page.screenshot({ path: '/tmp/spa-helper/competitor-dialog.png' });
  await dialog.getByRole('button', { name: 'Add competitor' }).click();
  await expect(dialog).toBeHidden();
  const competitors = page.getByRole('table', { name: 'Competitors' });
  await expect(competitors.getByRole('row', { name: /Northwind Traders/ })).toContainText('Low prices');

  // The same name twice is refused on the field.
  await page.getByRole('button', { name: 'New competitor' }).first().click();
  await dialog.getByLabel('Name').fill('Northwind Traders');
  await dialog.getByRole('button', { name: 'Add competitor' }).click();
  await expect(dialog.getByText('a competitor named Northwind Traders exists already')).toBeVisible();
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: '/tmp/spa-helper/competitor-duplicate.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.screenshot({ path: '/tmp/spa-helper/competitors.png' });

  // A new stage at the end of the sales process, which the board then shows.
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('main').getByRole('link', { name: /Sales stages/ }).click();
  await expect(page.getByRole('heading', { name: 'Sales stages' })).toBeVisible();
  await page.getByRole('button', { name: 'New stage' }).click();
  const stage = page.getByRole('dialog', { name: 'New sales stage' });
  await stage.getByLabel('Name').fill('Contract review');
  await expect(stage.getByLabel('Value')).toHaveValue('contract_review');
  await stage.getByLabel('Default probability').fill('90');
  await page.screenshot({ path: '/tmp/spa-helper/stage-dialog.png' });
  await stage.getByRole('button', { name: 'Add stage' }).click();
  await expect(stage).toBeHidden();
  const stages = page.getByRole('table', { name: 'Sales stages' });
  await expect(stages.getByRole('row', { name: 'Contract review' })).toContainText('90%');
  await expect(stages.getByRole('row').last()).toContainText('Contract review');
  await page.screenshot({ path: '/tmp/spa-helper/stages.png' });

  await page.goto('/opportunities/board');
  await expect(page.getByRole('region', { name: 'Stage Contract review' })).toBeVisible();

  // A new choice for the source of leads.
  await page.goto('/admin/picklists');
  await expect(page.getByRole('heading', { name: 'Picklists' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Values' }).getByRole('row', { name: 'Trade show' })).toBeVisible();
  await page.getByRole('button', { name: 'Add value' }).click();
  const value = page.getByRole('dialog', { name: 'New value in Lead source' });
  await value.getByLabel('Label').fill('Webinar');
  await value.getByRole('button', { name: 'Add value' }).click();
  await expect(value).toBeHidden();
  const values = page.getByRole('table', { name: 'Values' });
  await expect(values.getByRole('row').last()).toContainText('Webinar');
  await values.getByRole('button', { name: 'Move Webinar up' }).click();
  await expect(values.getByRole('row').nth(-2)).toContainText('Webinar');
  await page.screenshot({ path: '/tmp/spa-helper/picklists.png' });
});
