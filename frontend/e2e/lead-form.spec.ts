import { expect, test } from './fixtures';

import { signIn } from './support';

test('a lead is created with the form, after the server refused its email on the field', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Leads' }).click();
  await page.getByRole('link', { name: 'New lead' }).first().click();
  await expect(page.getByRole('heading', { name: 'New lead' })).toBeVisible();

  await page.getByLabel('First name').fill('Hedy');
  await page.getByLabel('Last name').fill('Lamarr');
  await page.getByLabel('Company', { exact: true }).fill('Frequency Hopping Inc');
  await page.getByLabel('Job title').fill('Chief Inventor');
  await page.getByRole('textbox', { name: 'Email' }).fill('hedy-at-frequency');
  await page.getByLabel('Subject').fill('Spread spectrum for 40 radios');
  await page.getByRole('combobox', { name: 'Source' }).click();
  await page.getByRole('option', { name: 'Trade show' }).click();
  await page.getByRole('combobox', { name: 'Rating' }).click();
  await page.getByRole('option', { name: 'Hot' }).click();
  await page.getByRole('combobox', { name: 'Decision timeline' }).click();
  await page.getByRole('option', { name: 'Within 90 days' }).click();
  await page.getByLabel('Budget').fill('40000.00');
  await page.getByRole('combobox', { name: 'Currency' }).click();
  await page.getByRole('option', { name: 'EUR' }).click();
  await page.getByRole('button', { name: 'Create lead' }).click();

  // The server checks the email; its error is shown on the Email field.
  const email = page.getByRole('textbox', { name: 'Email' });
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('email must be an email address such as name@example.com')).toBeVisible();
  await page.screenshot({ path: '/tmp/spa-helper/lead-form-error.png' });

  await email.fill('hedy@frequency.example');
  await page.getByRole('button', { name: 'Create lead' }).click();
  await expect(page.getByRole('heading', { name: 'Hedy Lamarr' })).toBeVisible();
  await expect(page.getByText('Trade show')).toBeVisible();
  await expect(page.getByText('Hot', { exact: true })).toBeVisible();
  await expect(page.getByText('Within 90 days')).toBeVisible();
  await expect(page.getByText('€40,000.00')).toBeVisible();

  // Edit: the form opens with what was saved.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Company', { exact: true })).toHaveValue('Frequency Hopping Inc');
  await expect(page.getByRole('combobox', { name: 'Rating' })).toHaveValue('Hot');
  await page.getByRole('combobox', { name: 'Rating' }).click();
  await page.getByRole('option', { name: 'Warm' }).click();
  await page.screenshot({ path: '/tmp/spa-helper/lead-form-edit.png', fullPage: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Hedy Lamarr' })).toBeVisible();
  await expect(page.getByText('Warm', { exact: true })).toBeVisible();
});
