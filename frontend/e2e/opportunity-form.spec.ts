import { expect, test } from './fixtures';

import { apiToken, seed, signIn } from './support';

test('an opportunity is created with its key people, competitors and revenue split, then edited', async ({ page, request }) => {
  const token = await apiToken(request);
  const account = await seed(request, token, '/api/v1/accounts', { name: 'Tailspin Toys' });
  await seed(request, token, '/api/v1/contacts', { first_name: 'Ada', last_name: 'Tailspin', account_id: account.id });
  await seed(request, token, '/api/v1/competitors', { name: 'Wingtip Rival' });

  await signIn(page);
  await page.goto('/opportunities');
  await page.getByRole('link', { name: 'New opportunity' }).click();
  await expect(page.getByRole('heading', { name: 'New opportunity' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Tailspin: 1,000 drones');
  await page.getByRole('combobox', { name: 'Account' }).fill('Tailspin');
  await page.getByRole('option', { name: 'Tailspin Toys' }).click();
  await page.getByLabel('Estimated revenue').fill('250000.00');
  await page.getByRole('combobox', { name: 'Currency' }).click();
  await page.getByRole('option', { name: 'USD' }).click();
  await page.getByLabel('Expected close').fill('2031-06-30');
  await page.getByRole('combobox', { name: 'Stage' }).click();
  await page.getByRole('option', { name: /Proposal/ }).click();
  await expect(page.getByLabel('Probability')).toHaveValue('50%');

  await page.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('combobox', { name: 'Key person 1' }).fill('Ada');
  await page.getByRole('option', { name: 'Ada Tailspin' }).click();
  await page.getByLabel('Role of key person 1').fill('Decision maker');
  await page.getByRole('combobox', { name: 'Competitors' }).click();
  await page.getByRole('option', { name: 'Wingtip Rival' }).click();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Add sales person' }).click();
  await page.getByRole('combobox', { name: 'Sales person 1' }).click();
  await page.getByRole('option').first().click();
  await page.getByLabel('Share of sales person 1').fill('90');
  await expect(page.getByText('Total 90% of 100%')).toBeVisible();
  await page.getByRole('button', { name: 'Create opportunity' }).click();
  // The server refuses a split that does not add up to 100, and says so under the split.
  await expect(page.getByText('the shares add up to 90, not 100')).toBeVisible();
  await page.screenshot({ path: '/tmp/spa-helper/opportunity-form-split.png', fullPage: true });

  await page.getByLabel('Share of sales person 1').fill('100');
  await expect(page.getByText('Total 100%')).toBeVisible();
  await page.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(page.getByRole('heading', { name: 'Tailspin: 1,000 drones' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ada Tailspin' })).toBeVisible();
  await expect(page.getByText('· Decision maker')).toBeVisible();
  await expect(page.getByText('Wingtip Rival')).toBeVisible();
  await expect(page.getByText('100%', { exact: true })).toBeVisible();
  await expect(page.getByText('$250,000.00')).toBeVisible();
  await page.screenshot({ path: '/tmp/spa-helper/opportunity-page.png', fullPage: true });

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('combobox', { name: 'Key person 1' })).toHaveValue('Ada Tailspin');
  await page.getByLabel('Probability').fill('65');
  await page.screenshot({ path: '/tmp/spa-helper/opportunity-form-edit.png', fullPage: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Tailspin: 1,000 drones' })).toBeVisible();
  await expect(page.getByText('65%', { exact: true })).toBeVisible();
});
