// Helpers for end-to-end tests: seeding through the API, and signing in through the UI.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

import { ADMIN } from '../playwright.config';

export async function apiToken(request: APIRequestContext, who: Credentials = ADMIN): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: who });
  expect(response.ok()).toBeTruthy();
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** Creates a record through the API (test data is seeded this way, never through the UI). */
export async function seed(request: APIRequestContext, token: string, path: string, data: object): Promise<{ id: string }> {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

export type Credentials = { email: string; password: string };

/** Signs in through the sign-in page (as the administrator unless told otherwise). */
export async function signIn(page: Page, who: Credentials = ADMIN): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Good (morning|afternoon|evening)/ })).toBeVisible();
}

/** Reads through the API. */
export async function get<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/** Posts through the API, expecting `status`. */
export async function post(request: APIRequestContext, token: string, path: string, data: object, status = 200): Promise<void> {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(status);
}
