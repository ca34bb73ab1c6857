// The signed-in user, for any screen.
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

import { api, unwrap } from '@/shared/api/client';

import { readSession, subscribe } from './session';

/** Whether a session is stored (re-renders when it appears or goes, in any tab). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribe, () => readSession() !== null, () => false);
}

/** The caller's user record and privileges. */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}

/** Whether the caller may do an action on an entity (at any depth). */
export function useCan(entity: string, action: string): boolean {
  const me = useMe();
  return me.data?.privileges.some((p) => p.entity === entity && p.action === action && p.depth !== 'none') ?? false;
}
