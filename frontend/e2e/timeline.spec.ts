import { expect, test } from './fixtures';

import { apiToken, get, seed, signIn } from './support';

test('calls, notes with files, tasks and templated emails are logged on the timeline', async ({ page, request }) => {
  const token = await apiToken(request);
  const account = await seed(request, token, '/api/v1/accounts', { name: 'Fabrikam Timeline' });
  const contact = await seed(request, token, '/api/v1/contacts', {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@fabrikam.example',
    account_id: account.id,
  });

  await signIn(page);
  // An email template, written in administration with a placeholder inserted from the field list.
  await page.goto('/admin/email-templates');
  await page.getByRole('button', { name: 'New template' }).first().click();
  const editor = page.getByRole('dialog', { name: 'New email template' });
  await editor.getByLabel('Name').fill('Thanks after the meeting');
  await editor.getByLabel('Subject').fill('Thank you, {{first_name}}');
  await editor.getByRole('textbox', { name: 'Text' }).fill('Dear ');
  await editor.getByRole('button', { name: 'full_name', exact: true }).click();
  await editor.getByRole('textbox', { name: 'Text' }).press('End');
  await editor.getByRole('textbox', { name: 'Text' }).pressSequentially(',\n\nthank you for your time.\n\n');
  await editor.getByRole('button', { name: 'user.full_name' }).click();
  await page.screenshot({ path: 'test-results/screens/email-template-editor.png' });
  await editor.getByRole('button', { name: 'Add template' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByRole('table', { name: 'Email templates' }).getByText('Thanks after the meeting')).toBeVisible();

  await page.goto(`/contacts/${contact.id}`);
  const timeline = page.getByRole('list', { name: 'Timeline of Ada Lovelace' });
  await expect(page.getByText('Created the contact').or(page.getByText('You created the contact'))).toBeVisible();

  // Log a call.
  await page.getByRole('button', { name: 'Log a call' }).click();
  const call = page.getByRole('dialog', { name: 'Log a call' });
  await call.getByLabel('Subject').fill('Discovery call');
  await call.getByLabel('What was said').fill('Needs 50 seats before March.');
  await call.getByRole('button', { name: 'Log call' }).click();
  await expect(call).toBeHidden();
  await expect(timeline.getByText('Discovery call')).toBeVisible();
  await expect(timeline.getByText('Needs 50 seats before March.')).toBeVisible();

  // A note with a file, downloaded again.
  await page.getByRole('button', { name: 'Add a note' }).click();
  const note = page.getByRole('dialog', { name: 'Add a note' });
  await note.getByLabel('Title').fill('Price list sent');
  await note.locator('input[type="file"]').setInputFiles({ name: 'prices.txt', mimeType: 'text/plain', buffer: Buffer.from('Widgets: 12 EUR') });
  await note.getByRole('button', { name: 'Add note' }).click();
  await expect(note).toBeHidden();
  await expect(timeline.getByText('Price list sent')).toBeVisible();
  const download = page.waitForEvent('download');
  await timeline.getByRole('button', { name: 'Download prices.txt' }).click();
  expect((await download).suggestedFilename()).toBe('prices.txt');

  // A task, then done.
  await page.getByRole('button', { name: 'New task' }).click();
  const task = page.getByRole('dialog', { name: 'New task' });
  await task.getByLabel('Subject').fill('Send the proposal');
  await task.getByRole('button', { name: 'Add task' }).click();
  await expect(task).toBeHidden();
  const taskEntry = timeline.getByRole('listitem').filter({ hasText: 'Send the proposal' });
  await expect(taskEntry.getByText('open', { exact: true })).toBeVisible();
  await taskEntry.getByRole('button', { name: 'Complete' }).click();
  await expect(taskEntry.getByText('open', { exact: true })).toBeHidden();

  // A meeting: an appointment from a start to an end; one that ends before it starts is refused on
  // the field.
  await page.getByRole('button', { name: 'Meeting' }).click();
  const meeting = page.getByRole('dialog', { name: 'Plan a meeting' });
  await meeting.getByLabel('Starts').fill('2026-12-10T14:00');
  await meeting.getByLabel('Ends').fill('2026-12-10T13:00');
  await meeting.getByRole('button', { name: 'Plan meeting' }).click();
  await expect(meeting.getByText('ends_at cannot be before starts_at')).toBeVisible();
  await meeting.getByLabel('Ends').fill('2026-12-10T15:30');
  await meeting.getByLabel('Location').fill('Fabrikam, London');
  await meeting.getByRole('button', { name: 'Plan meeting' }).click();
  await expect(meeting).toBeHidden();
  await expect(timeline.getByText('Meeting with Ada Lovelace')).toBeVisible();
  await expect(timeline.getByText(/Fabrikam, London/)).toBeVisible();

  // An email from the template, filled from the contact and signed by the sender.
  await page.getByRole('button', { name: 'Email' }).click();
  const email = page.getByRole('dialog', { name: 'Write an email' });
  await email.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: 'Thanks after the meeting' }).click();
  await expect(email.getByLabel('Subject')).toHaveValue('Thank you, Ada');
  await expect(email.getByLabel('To')).toHaveValue('ada@fabrikam.example');
  await expect(email.getByLabel('Message')).toHaveValue(/Dear Ada Lovelace,/);
  await page.screenshot({ path: 'test-results/screens/timeline-email.png' });
  await email.getByRole('button', { name: 'Log as sent' }).click();
  await expect(email).toBeHidden();
  await expect(timeline.getByText('Thank you, Ada')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/contact-timeline.png', fullPage: true });

  // The account's timeline shows its contact's work.
  await page.goto(`/accounts/${account.id}`);
  const accountTimeline = page.getByRole('list', { name: 'Timeline of Fabrikam Timeline' });
  await expect(accountTimeline.getByText('Discovery call')).toBeVisible();
  await expect(accountTimeline.getByRole('link', { name: 'on Ada Lovelace' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/account-timeline.png', fullPage: true });

  const logged = await get<{ total: number }>(request, token, `/api/v1/activities?regarding_id=${contact.id}&count=true`);
  expect(logged.total).toBe(4);
});
