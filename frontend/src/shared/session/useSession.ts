// The signed-in user and what they may do, for any screen.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';

import { api, unwrap } from '@/shared/api/client';

import { can as canDo, canAdminister, canAny, depthOf, type Action, type Depth, type Privilege } from './privileges';
import { readSession, subscribe } from './session';

/** Whether a session is stored (re-renders when it appears or goes, in any tab). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribe, () => readSession() !== null, () => false);
}

export const meKey = ['me'] as const;

/** The caller's user record and privileges. */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: meKey,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}

export type Privileges = {
  /** Whether `/me` is still loading (every answer below is "no" until it is in). */
  loading: boolean;
  /** Whether `/me` failed to load. */
  error: unknown;
  privileges: readonly Privilege[];
  /** Whether the caller may do an action on an entity (at any depth). */
  can: (entity: string, action: Action) => boolean;
  /** Whether the caller holds any of these privileges. */
  canAny: (pairs: readonly (readonly [string, Action])[]) => boolean;
  /** How far the caller's privilege for an action on an entity reaches. */
  depth: (entity: string, action: Action) => Depth;
  /** Whether the caller may use the administration area. */
  canAdminister: boolean;
};

const NONE: readonly Privilege[] = [];

/** The caller's effective privileges, read once per session from `/me`. */
export function usePrivileges(): Privileges {
  const me = useMe();
  const privileges = me.data?.privileges ?? NONE;
  return {
    loading: me.isPending,
    error: me.error,
    privileges,
    can: useCallback((entity: string, action: Action) => canDo(privileges, entity, action), [privileges]),
    canAny: useCallback((pairs: readonly (readonly [string, Action])[]) => canAny(privileges, pairs), [privileges]),
    depth: useCallback((entity: string, action: Action) => depthOf(privileges, entity, action), [privileges]),
    canAdminister: canAdminister(privileges),
  };
}

/** Whether the caller may do an action on an entity (at any depth). */
export function useCan(entity: string, action: Action): boolean {
  return usePrivileges().can(entity, action);
}
