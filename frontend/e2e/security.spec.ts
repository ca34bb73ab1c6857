import { expect, test } from './fixtures';

import { apiToken, get, post, seed, signIn, type Credentials } from './support';

type Page<T> = { data: T[] };
type Named = { id: string; name: string };

/** A suffix that makes names and emails unique, so the tests also pass when repeated on one database. */
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

test('a salesperson sees their own accounts only, and no administration', async ({ page, request }) => {
  const run = unique();
  const token = await apiToken(request);
  const [organization] = (await get<Page<Named>>(request, token, '/api/v1/business-units?parent_id%5Bnull%5D=true')).data;
  const [salesperson] = (await get<Page<Named>>(request, token, '/api/v1/roles?name=Salesperson')).data;
  expect(organization).toBeDefined();
  expect(salesperson).toBeDefined();
  const unit = await seed(request, token, '/api/v1/business-units', { name: `Field Sales ${run}`, parent_id: organization?.id });

  const a: Credentials = { email: `sam.seller.${run}@example.com`, password: 'sam has a long password' };
  const b: Credentials = { email: `bo.buyer.${run}@example.com`, password: 'bo has a long password' };
  const userA = await seed(request, token, '/api/v1/users', {
    email: a.email,
    full_name: 'Sam Seller',
    business_unit_id: unit.id,
    role_ids: [salesperson?.id],
    password: a.password,
  });
  const userB = await seed(request, token, '/api/v1/users', {
    email: b.email,
    full_name: 'Bo Buyer',
    business_unit_id: unit.id,
    role_ids: [salesperson?.id],
    password: b.password,
  });
  const accountA = await seed(request, token, '/api/v1/accounts', { name: 'Alpine Ski Huts', city: 'Innsbruck' });
  const accountB = await seed(request, token, '/api/v1/accounts', { name: 'Baltic Ferries', city: 'Riga' });
  await post(request, token, `/api/v1/accounts/${accountA.id}/assign`, { owner_id: userA.id });
  await post(request, token, `/api/v1/accounts/${accountB.id}/assign`, { owner_id: userB.id });

  await signIn(page, a);
  const navigation = page.getByRole('navigation');
  await navigation.getByRole('link', { name: 'Accounts' }).click();
  const list = page.getByRole('table', { name: 'Accounts' });
  await expect(list.getByRole('link', { name: 'Alpine Ski Huts' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Baltic Ferries' })).toHaveCount(0);
  await expect(list.getByRole('row')).toHaveCount(2);

  // Their own account: they may assign it (Allowed-Actions), and see who owns it.
  await list.getByRole('link', { name: 'Alpine Ski Huts' }).click();
  await expect(page.getByRole('heading', { name: 'Alpine Ski Huts' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Assign' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();

  // The other salesperson's account does not exist for them.
  await page.goto(`/accounts/${accountB.id}`);
  await expect(page.getByText('This account does not exist, or you may not see it.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Baltic Ferries' })).toHaveCount(0);

  // No administration: not in the navigation, and a direct visit says so.
  await expect(navigation.getByText('Administration')).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/admin');
  await expect(page.getByText('You do not have access to administration')).toBeVisible();
  await page.goto('/admin/roles');
  await expect(page.getByText('You do not have access to administration')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/admin-no-access.png' });
});

test('an administrator edits roles and creates a user through the form', async ({ page }) => {
  // The longest walk of the suite: give it room on a busy machine.
  test.setTimeout(60_000);
  const run = unique();
  const email = `rosalind.${run}@example.com`;
  await signIn(page);
  const navigation = page.getByRole('navigation');
  await expect(navigation.getByText('Administration')).toBeVisible();

  // The roles editor: a new role with one privilege, then a change saved with If-Match.
  await navigation.getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('table', { name: 'Roles' }).getByRole('link', { name: 'System Administrator' })).toBeVisible();
  const auditor = `Auditor ${run}`;
  await page.getByRole('link', { name: 'New role' }).click();
  await expect(page.getByRole('heading', { name: 'New role' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill(auditor);
  await page.getByRole('textbox', { name: 'Description' }).fill('Reads the security log.');
  await page.getByRole('button', { name: 'Security log, read: None' }).click();
  await page.getByRole('menuitem', { name: /^Organization/ }).click();
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByRole('heading', { name: auditor })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Security log, read: Organization' })).toBeVisible();

  await page.getByRole('button', { name: 'Set every Accounts privilege' }).click();
  await page.getByRole('menuitem', { name: 'Own' }).click();
  await expect(page.getByRole('button', { name: 'Accounts, share: Own' })).toBeVisible();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Role saved')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Accounts, delete: Own' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Contacts, read: None' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/role-editor.png', fullPage: true });

  // The System Administrator role is read-only.
  await navigation.getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('link', { name: 'System Administrator' }).click();
  await expect(page.getByText('Every privilege, organization-wide')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Accounts, read/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);

  // A new user, with the API's validation errors shown on the fields first.
  await navigation.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: 'New user' }).click();
  await expect(page.getByRole('heading', { name: 'New user' })).toBeVisible();
  await page.getByLabel('Full name').fill('Rosalind Franklin');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Job title').fill('Auditor');
  await page.getByLabel('Work phone').fill('ring me');
  await page.getByRole('combobox', { name: 'Business unit' }).click();
  await page.getByRole('option', { name: 'E2E Organization' }).click();
  await page.getByRole('combobox', { name: 'Roles' }).click();
  await page.getByRole('option', { name: auditor }).click();
  await page.keyboard.press('Escape');
  await page.getByLabel('Initial password').fill('rosalind long password');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText('phone must be a phone number such as +1 555 0100')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);

  await page.getByLabel('Work phone').fill('+1 555 0142');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { name: 'Rosalind Franklin' })).toBeVisible();
  await expect(page.getByText('Active', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(auditor, { exact: true })).toBeVisible();

  await navigation.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users').fill('rosalind');
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(email.replaceAll('.', '\\.')) });
  await expect(row).toContainText('E2E Organization');
  await expect(row).toContainText('Active');
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Administrator/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/users.png' });
});
