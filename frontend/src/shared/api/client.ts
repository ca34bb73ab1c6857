// The one API client: typed from openapi/crm.json, authenticated from the session, refreshing an
// expired access token once and retrying, and turning every error into an ApiProblem.
import createClient from 'openapi-fetch';

import { clearSession, freshSession } from '@/shared/session/session';

import { ApiProblem } from './problem';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

async function authenticatedFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const session = await freshSession();
  const first = await send(input, session?.accessToken);
  if (first.status !== 401 || !session) return first;
  // The token was refused (expired early, or revoked): refresh once and retry.
  const refreshed = await freshSession(true);
  if (!refreshed) {
    clearSession();
    return first;
  }
  return send(retry, refreshed.accessToken);
}

function send(request: Request, token: string | undefined): Promise<Response> {
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  return fetch(request);
}

export const api = createClient<paths>({
  baseUrl: '',
  fetch: authenticatedFetch,
  // `field[in]=a,b`: lists are comma-separated, as the API documents them.
  querySerializer: { array: { style: 'form', explode: false } },
});

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an ApiProblem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  return (await unwrapResponse(call)).data;
}

/** The data of a call with its response (for headers such as `Allowed-Actions`), or an ApiProblem. */
export async function unwrapResponse<T>(call: Promise<Result<T>>): Promise<{ data: T; response: Response }> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    throw ApiProblem.fromUnknown(error, 0);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw ApiProblem.fromUnknown(result.error, result.response.status);
  }
  return { data: result.data as T, response: result.response };
}

/** The version in an ETag header (`"3"` -> `3`). */
export function etagVersion(response: Response): number | undefined {
  const tag = response.headers.get('etag');
  const version = tag ? Number(tag.replaceAll('"', '')) : NaN;
  return Number.isFinite(version) ? version : undefined;
}
