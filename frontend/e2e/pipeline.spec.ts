import { expect, test } from './fixtures';

import { apiToken, get, seed, signIn } from './support';

type Opportunity = { id: string; stage: string; probability: number; version: number };

test('the pipeline board moves a deal to another stage by mouse and by keyboard, and puts back a stale one', async ({ page, request }) => {
  const token = await apiToken(request);
  const account = await seed(request, token, '/api/v1/accounts', { name: 'Fabrikam Board Co' });
  const dragged = await seed(request, token, '/api/v1/opportunities', {
    name: 'Fabrikam: 200 seats',
    account_id: account.id,
    estimated_revenue: '125000.50',
    currency: 'EUR',
    estimated_close_date: '2031-03-31',
    stage: 'prospecting',
  });
  await seed(request, token, '/api/v1/opportunities', { name: 'Fabrikam: support plan', account_id: account.id, estimated_revenue: '0.25', currency: 'EUR', stage: 'proposal' });
  const keyed = await seed(request, token, '/api/v1/opportunities', { name: 'Fabrikam: training', estimated_revenue: '9900', currency: 'USD', stage: 'prospecting' });
  const stale = await seed(request, token, '/api/v1/opportunities', { name: 'Fabrikam: hardware', stage: 'prospecting' });

  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Opportunities' }).click();
  await page.getByText('Board', { exact: true }).click();
  await expect(page).toHaveURL(/\/opportunities\/board$/);

  const prospecting = page.getByRole('region', { name: 'Stage Prospecting' });
  const proposal = page.getByRole('region', { name: 'Stage Proposal' });
  const qualification = page.getByRole('region', { name: 'Stage Qualification' });
  const card = prospecting.getByRole('button', { name: /Fabrikam: 200 seats/ });
  await expect(card).toContainText('Fabrikam Board Co');
  await expect(card).toContainText('€125,000.50');
  await expect(card).toContainText('10%');
  await expect(card).toContainText('Mar 31, 2031');
  await expect(proposal.getByLabel('Total of Proposal')).toContainText('€0.25');
  await page.screenshot({ path: '/tmp/spa-helper/board.png', fullPage: true });

  // With the mouse: the card moves at once, and the server holds the new stage.
  const from = await card.boundingBox();
  const to = await proposal.boundingBox();
  if (!from || !to) throw new Error('the board is not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
  await page.screenshot({ path: '/tmp/spa-helper/board-dragging.png' });
  await page.mouse.up();
  await expect(proposal.getByRole('button', { name: /Fabrikam: 200 seats/ })).toBeVisible();
  await expect(prospecting.getByRole('button', { name: /Fabrikam: 200 seats/ })).toHaveCount(0);
  await expect(proposal.getByLabel('Total of Proposal')).toContainText('€125,000.75');
  await expect.poll(async () => (await get<Opportunity>(request, token, `/api/v1/opportunities/${dragged.id}`)).stage).toBe('proposal');
  expect((await get<Opportunity>(request, token, `/api/v1/opportunities/${dragged.id}`)).probability).toBe(50);
  await expect(proposal.getByRole('button', { name: /Fabrikam: 200 seats/ })).toContainText('50%');

  // With the keyboard: Space picks the card up, the right arrow goes to the next stage, Space drops it.
  const keyCard = prospecting.getByRole('button', { name: /Fabrikam: training/ });
  await keyCard.focus();
  // Each key waits for the board to announce the move before the next (the sensor starts on the
  // next frame; a key pressed before that is lost).
  const announcer = page.getByRole('status').filter({ hasText: /Fabrikam: training/ });
  await page.keyboard.press('Space');
  await expect(announcer).toContainText('is over Prospecting');
  await page.keyboard.press('ArrowRight');
  await expect(announcer).toContainText('is over Qualification');
  await page.keyboard.press('Space');
  await expect(qualification.getByRole('button', { name: /Fabrikam: training/ })).toBeVisible();
  await expect.poll(async () => (await get<Opportunity>(request, token, `/api/v1/opportunities/${keyed.id}`)).stage).toBe('qualification');

  // Someone else changes a deal after the board loaded: the move is refused (412) and undone.
  const before = await get<Opportunity>(request, token, `/api/v1/opportunities/${stale.id}`);
  const patched = await request.patch(`/api/v1/opportunities/${stale.id}`, {
    data: { description: 'Changed elsewhere' },
    headers: { authorization: `Bearer ${token}`, 'if-match': `"${before.version}"` },
  });
  expect(patched.status()).toBe(200);
  const staleCard = prospecting.getByRole('button', { name: /Fabrikam: hardware/ });
  await staleCard.focus();
  const staleAnnouncer = page.getByRole('status').filter({ hasText: /Fabrikam: hardware/ });
  await page.keyboard.press('Space');
  await expect(staleAnnouncer).toContainText('is over Prospecting');
  await page.keyboard.press('ArrowRight');
  await expect(staleAnnouncer).toContainText('is over Qualification');
  await page.keyboard.press('Space');
  await expect(page.getByText('Changed by someone else')).toBeVisible();
  await expect(prospecting.getByRole('button', { name: /Fabrikam: hardware/ })).toBeVisible();
  expect((await get<Opportunity>(request, token, `/api/v1/opportunities/${stale.id}`)).stage).toBe('prospecting');
  await page.screenshot({ path: '/tmp/spa-helper/board-stale.png' });

  // A card opens its deal.
  await proposal.getByRole('button', { name: /Fabrikam: 200 seats/ }).click();
  await expect(page.getByRole('heading', { name: 'Fabrikam: 200 seats' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stage Proposal' })).toBeVisible();
});
