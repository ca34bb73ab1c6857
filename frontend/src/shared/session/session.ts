// The signed-in session: tokens kept in localStorage so a reload (or another tab) stays signed
// in. Access tokens live minutes; the refresh token is exchanged for a new pair when one
// expires. Refreshing is serialized across tabs with a Web Lock, because a refresh token works
// once and a second use signs every tab out.

export type Session = {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  expiresAt: number;
};

type TokenPair = { access_token: string; refresh_token: string; expires_in: number };

const STORAGE_KEY = 'crm.session';
const listeners = new Set<() => void>();

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string' || typeof parsed.expiresAt !== 'number') {
      return null;
    }
    return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

export function storePair(pair: TokenPair): Session {
  const session: Session = {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    // A margin of 30 s so a token is refreshed before the server would refuse it.
    expiresAt: Date.now() + (pair.expires_in - 30) * 1000,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(STORAGE_KEY);
  notify();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function notify(): void {
  for (const listener of listeners) listener();
}

async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  if ('locks' in navigator) {
    return navigator.locks.request('crm.refresh', work);
  }
  return work();
}

let inFlight: Promise<Session | null> | null = null;

/**
 * A session whose access token is usable now: the stored one, or a refreshed one. `null` when
 * there is no session or the refresh token was refused (the user must sign in again).
 */
export function freshSession(force = false): Promise<Session | null> {
  const current = readSession();
  if (!current) return Promise.resolve(null);
  if (!force && current.expiresAt > Date.now()) return Promise.resolve(current);
  inFlight ??= withRefreshLock(async () => {
    // Another tab may have refreshed while this one waited for the lock.
    const latest = readSession();
    if (!latest) return null;
    if (latest.refreshToken !== current.refreshToken && latest.expiresAt > Date.now()) return latest;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: latest.refreshToken }),
    });
    if (!response.ok) {
      if (response.status === 401) clearSession();
      return null;
    }
    return storePair((await response.json()) as TokenPair);
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}
