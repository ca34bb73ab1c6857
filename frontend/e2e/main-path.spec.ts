import { expect, test } from './fixtures';

import { apiToken, seed, signIn } from './support';

test('a salesperson signs in, creates an account with a contact, and finds it in the list', async ({ page }) => {
  await signIn(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('link', { name: 'New account' }).first().click();
  await page.getByLabel('Account name').fill('Blue Yonder Airlines');
  await page.getByRole('combobox', { name: 'Relationship' }).click();
  await page.getByRole('option', { name: 'Customer' }).click();
  await page.getByLabel('Website').fill('https://blueyonder.example');
  await page.getByLabel('City').fill('Seattle');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { name: 'Blue Yonder Airlines' })).toBeVisible();
  await expect(page.getByText('Customer', { exact: true }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Add contact' }).click();
  await page.getByLabel('First name').fill('Amelia');
  await page.getByLabel('Last name').fill('Earhart');
  await page.getByRole('textbox', { name: 'Email' }).fill('amelia@blueyonder.example');
  await page.getByLabel('Job title').fill('Head of Fleet');
  await page.getByRole('button', { name: 'Create contact' }).click();

  // Back on the account: the new contact is listed under it.
  await expect(page.getByRole('heading', { name: 'Blue Yonder Airlines' })).toBeVisible();
  const contacts = page.getByRole('table', { name: 'Contacts of the account' });
  await expect(contacts.getByRole('link', { name: 'Amelia Earhart' })).toBeVisible();

  await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel('Search accounts').fill('yonder');
  const list = page.getByRole('table', { name: 'Accounts' });
  await expect(list.getByRole('link', { name: 'Blue Yonder Airlines' })).toBeVisible();
  await expect(list.getByRole('row')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screens/accounts-search.png' });

  await list.getByRole('link', { name: 'Blue Yonder Airlines' }).click();
  await expect(page.getByRole('heading', { name: 'Blue Yonder Airlines' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/account-page.png' });

  await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
  await page.getByLabel('Search contacts').fill('earhart');
  const row = page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: /Amelia Earhart/ });
  await expect(row).toContainText('Blue Yonder Airlines');
});

test('the API validation errors show next to their fields', async ({ page }) => {
  await signIn(page);
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill('Careless Data Ltd');
  await page.getByLabel('Website').fill('careless.example');
  await page.getByLabel('Phone').fill('call us');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByText('website must be a web address such as https://example.com')).toBeVisible();
  await expect(page.getByText('phone must be a phone number such as +1 555 0100')).toBeVisible();
  await expect(page).toHaveURL(/\/accounts\/new$/);

  await page.getByLabel('Website').fill('https://careless.example');
  await page.getByLabel('Phone').fill('+1 555 0199');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Careless Data Ltd' })).toBeVisible();
});

test('an account edit keeps a history of what changed', async ({ page, request }) => {
  const token = await apiToken(request);
  const account = await seed(request, token, '/api/v1/accounts', { name: 'Graphic Design Institute', city: 'Rome' });
  await signIn(page);
  await page.goto(`/accounts/${account.id}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('City').fill('Milan');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Graphic Design Institute' })).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('You changed 1 field')).toBeVisible();
  await expect(page.getByText('Rome', { exact: true })).toBeVisible();
  await expect(page.getByText('Milan', { exact: true }).first()).toBeVisible();
});

test('lists page with next and previous, and sort by a column', async ({ page, request }) => {
  const token = await apiToken(request);
  for (let i = 0; i < 30; i++) {
    await seed(request, token, '/api/v1/accounts', { name: `Paging ${String(i).padStart(2, '0')}`, industry: 'Retail' });
  }
  await signIn(page);
  await page.goto('/accounts?q=paging');
  const list = page.getByRole('table', { name: 'Accounts' });
  await expect(list.getByRole('link', { name: 'Paging 00' })).toBeVisible();
  await expect(page.getByText('1–25 of 30')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('26–30 of 30')).toBeVisible();
  await expect(list.getByRole('link', { name: 'Paging 29' })).toBeVisible();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('1–25 of 30')).toBeVisible();
  await page.getByRole('button', { name: 'Sort by Name' }).click();
  await expect(list.getByRole('row').nth(1)).toContainText('Paging 29');
});

test('signing out returns to the sign-in page and protects the app', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/accounts');
  await expect(page).toHaveURL(/\/login$/);
});
