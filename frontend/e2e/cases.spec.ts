// The service desk's main path: a queue and a routing rule set up in administration, a case
// opened through the UI and routed into the queue, worked, resolved with its resolution and
// reactivated. The customer and the service-level policy are seeded through the API.
import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';

import { apiToken, seed, signIn } from './support';

/** Sees a notification, then closes it: it would cover the header's buttons. */
async function notified(page: Page, text: string | RegExp): Promise<void> {
  const notification = page.locator('.mantine-Notification-root', { hasText: text });
  await expect(notification.first()).toBeVisible();
  for (const close of await notification.locator('.mantine-Notification-closeButton').all()) await close.click();
  await expect(notification).toHaveCount(0);
}

test('a case is routed into its queue, resolved with a resolution and reactivated', async ({ page, request }) => {
  // The whole path, administration included, against a debug build: more than the default 30 s.
  test.setTimeout(60_000);
  const token = await apiToken(request);
  await seed(request, token, '/api/v1/accounts', { name: 'Contoso Printing' });
  await seed(request, token, '/api/v1/sla-policies', {
    name: 'E2E standard',
    is_default: true,
    targets: [{ priority: 'high', first_response_minutes: 60, resolution_minutes: 480 }],
  });

  await signIn(page);

  // A queue the administrator works.
  await page.goto('/admin');
  await page.getByRole('main').getByRole('link', { name: /Queues/ }).click();
  await expect(page.getByRole('heading', { name: 'Queues' })).toBeVisible();
  await page.getByRole('button', { name: 'New queue' }).first().click();
  const queueDialog = page.getByRole('dialog', { name: 'New queue' });
  await queueDialog.getByLabel('Name').fill('Printers');
  await queueDialog.getByLabel('Description').fill('Jams, toner and drivers');
  await queueDialog.getByRole('combobox', { name: 'Members' }).click();
  await queueDialog.getByRole('option', { name: 'Administrator' }).click();
  await queueDialog.getByLabel('Description').click();
  await queueDialog.getByRole('button', { name: 'Create queue' }).click();
  await expect(queueDialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Queues' }).getByRole('row', { name: 'Printers' })).toContainText('Active');

  // A rule that sends printer problems to it.
  await page.goto('/admin/routing-rules');
  await expect(page.getByRole('heading', { name: 'Routing rules' })).toBeVisible();
  await expect(page.getByText('No routing rules yet')).toBeVisible();
  await page.getByRole('button', { name: 'New rule' }).first().click();
  const ruleDialog = page.getByRole('dialog', { name: 'New routing rule' });
  await ruleDialog.getByLabel('Name').fill('Printer problems to Printers');
  await ruleDialog.getByRole('combobox', { name: 'Send to the queue' }).click();
  await ruleDialog.getByRole('option', { name: 'Printers' }).click();
  await ruleDialog.getByLabel('Has a title containing').fill('printer');
  await ruleDialog.getByRole('button', { name: 'Add rule' }).click();
  await expect(ruleDialog).toBeHidden();
  await notified(page, 'Rule added');
  const rule = page.getByRole('table', { name: 'Routing rules' }).getByRole('row', { name: 'Printer problems to Printers' });
  await expect(rule).toContainText('Title contains “printer”');
  await expect(rule).toContainText('Printers');

  // A case opened through the UI goes to the queue on its own.
  await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'New case' }).or(page.getByRole('link', { name: 'New case' })).first().click();
  await expect(page.getByRole('heading', { name: 'New case' })).toBeVisible();
  // Without a customer the case is refused on the field.
  await page.getByLabel('Title').fill('Printer jams on every page');
  await page.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByText('Choose the customer: an account, a contact, or both')).toBeVisible();
  await page.getByRole('combobox', { name: 'Account' }).fill('Contoso');
  await page.getByRole('option', { name: 'Contoso Printing' }).click();
  await page.getByText('High', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'High' })).toBeChecked();
  await page.getByLabel('Description').fill('Paper jams in tray 2 since Monday.');
  await page.getByRole('button', { name: 'Open case' }).click();

  await expect(page.getByRole('heading', { name: 'Printer jams on every page' })).toBeVisible();
  await notified(page, /^Case CAS-\d{6} opened/);
  await expect(page.getByLabel('Case number')).toHaveText(/^CAS-\d{6}$/);
  const status = page.getByRole('main').locator('.mantine-Badge-root', { hasText: /^(New|In progress|Resolved|Cancelled|On hold)$/ }).first();
  await expect(status).toHaveText('New');
  const work = page.getByRole('main').locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Work' }) });
  await expect(work.getByRole('link', { name: 'Printers' })).toBeVisible();
  await expect(work.getByText(/Nobody has taken it yet/)).toBeVisible();
  const serviceLevel = page.getByRole('region', { name: 'Service level' });
  await expect(serviceLevel.getByRole('group', { name: 'First response' })).toContainText(/left/);
  await expect(serviceLevel.getByRole('group', { name: 'Resolution' })).toContainText(/7 h 5\d min left|8 h left/);
  await page.screenshot({ path: 'test-results/screens/case-new.png', fullPage: true });

  // Routing again keeps it where the rule sends it.
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Route by the rules' }).click();
  await notified(page, 'Already in Printers');

  // Worked, then resolved: without a resolution it is refused in the dialog.
  await page.getByRole('button', { name: 'Start work' }).click();
  await notified(page, 'Work started');
  await expect(page.getByRole('button', { name: 'Start work' })).toBeHidden();
  await expect(status).toHaveText('In progress');

  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  const resolve = page.getByRole('dialog', { name: /^Resolve CAS-/ });
  await resolve.getByRole('button', { name: 'Resolve case' }).click();
  await expect(resolve.getByText('Write how it was solved')).toBeVisible();
  await resolve.getByLabel('Resolution').fill('Replaced the worn pickup roller; 50 pages printed without a jam.');
  await resolve.getByRole('button', { name: 'Resolve case' }).click();
  await expect(resolve).toBeHidden();
  await notified(page, /resolved/);

  const resolved = page.getByRole('alert').filter({ hasText: /^Resolved/ });
  await expect(resolved).toContainText('Replaced the worn pickup roller; 50 pages printed without a jam.');
  await expect(status).toHaveText('Resolved');
  await expect(serviceLevel.getByRole('group', { name: 'Resolution' })).toContainText('Met');
  await expect(page.getByRole('button', { name: 'Resolve', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeHidden();
  await page.screenshot({ path: 'test-results/screens/case-resolved.png', fullPage: true });

  // Reactivated: back to work, its resolution cleared, the reactivation counted.
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await notified(page, /reactivated/);
  await expect(status).toHaveText('In progress');
  await expect(resolved).toBeHidden();
  await expect(page.getByText('1 time', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resolve', exact: true })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline of Printer jams on every page' });
  await expect(timeline.getByText(/Status\s+Resolved → In progress/)).toBeVisible();

  // The queue board shows the queue and opens its cases.
  await page.getByRole('navigation').getByRole('link', { name: 'Queues' }).first().click();
  const card = page.getByRole('link', { name: /Queue Printers/ });
  await expect(card).toContainText('Jams, toner and drivers');
  await page.screenshot({ path: 'test-results/screens/queue-board.png', fullPage: true });
  await card.click();
  await expect(page).toHaveURL(/\/cases\?queue=/);
  await expect(page.getByRole('table', { name: 'Cases' }).getByRole('link', { name: 'Printer jams on every page' })).toBeVisible();
});
