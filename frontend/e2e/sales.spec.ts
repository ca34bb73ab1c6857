import { expect, test } from './fixtures';

import { signIn } from './support';

const LEAD_LIST = [
  'First Name,Last Name,Company,E-mail,Rating,Notes',
  'Grace,Hopper,Cobol Systems,grace@cobol.example,hot,"Met at the fair, wants 50 seats"',
  'Alan,Turing,Bletchley Labs,not-an-email,warm,',
  'Katherine,Johnson,Orbit Analytics,katherine@orbit.example,warm,',
].join('\n');

test('a lead list is imported, a lead qualified and its opportunity won', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('heading', { name: 'Leads' })).toBeVisible();

  await page.getByRole('button', { name: 'Import leads' }).first().click();
  const wizard = page.getByRole('dialog', { name: 'Import leads' });
  await wizard.locator('input[type="file"]').setInputFiles({ name: 'spring-fair.csv', mimeType: 'text/csv', buffer: Buffer.from(LEAD_LIST) });
  await expect(wizard.getByLabel('Source')).toHaveValue('spring-fair');
  await wizard.getByRole('button', { name: 'Next' }).click();
  // The columns are matched to lead fields by their names.
  await expect(wizard.getByRole('combobox', { name: 'Field for E-mail' })).toHaveValue('Email');
  await expect(wizard.getByRole('combobox', { name: 'Field for Company' })).toHaveValue('Company');
  await page.screenshot({ path: 'test-results/screens/lead-import-mapping.png' });
  await wizard.getByRole('button', { name: 'Import' }).click();

  await expect(wizard.getByText('2 leads imported')).toBeVisible();
  const rejected = wizard.getByRole('table', { name: 'Lines not imported' });
  await expect(rejected.getByRole('row', { name: /3/ })).toContainText('email must be an email address');
  await page.screenshot({ path: 'test-results/screens/lead-import-result.png' });
  await wizard.getByRole('link', { name: 'Done' }).click();
  await expect(wizard).toBeHidden();

  const list = page.getByRole('table', { name: 'Leads' });
  await expect(list.getByRole('link', { name: 'Katherine Johnson' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/leads-list.png' });
  await list.getByRole('link', { name: 'Grace Hopper' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await expect(page.getByText('Met at the fair, wants 50 seats')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/lead-page.png' });

  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  const qualify = page.getByRole('dialog', { name: 'Qualify Grace Hopper' });
  await expect(qualify.getByLabel('Create the account Cobol Systems')).toBeChecked();
  await qualify.getByLabel('Opportunity name').fill('Cobol Systems: 50 seats');
  await qualify.getByRole('button', { name: 'Qualify' }).click();

  // Qualifying opens the new opportunity, in the first stage of the sales process.
  await expect(page.getByRole('heading', { name: 'Cobol Systems: 50 seats' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cobol Systems', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Stage Proposal' }).click();
  await expect(page.getByText('Probability 50%')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/opportunity-page.png' });

  await page.getByRole('button', { name: 'Win', exact: true }).click();
  const win = page.getByRole('dialog', { name: 'Win Cobol Systems: 50 seats' });
  // The lead had no budget, so the deal has no currency yet: winning asks for one.
  await win.getByLabel('Currency').fill('EUR');
  await win.getByLabel('Actual revenue').fill('42000.00');
  await win.getByRole('button', { name: 'Mark as won' }).click();
  await expect(page.getByText('Won', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('€42,000.00').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/opportunity-won.png' });
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();

  // The lead is qualified and links to what it became.
  await page.getByRole('link', { name: 'Open the lead' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await expect(page.getByText('Qualified', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the opportunity' })).toBeVisible();
});
