// Route guards: a screen the caller's privileges do not open shows why, instead of failing.
import type { ReactNode } from 'react';
import { Outlet } from 'react-router';

import type { Action } from '@/shared/session/privileges';
import { usePrivileges } from '@/shared/session/useSession';
import { NoAccess, PageLoader, QueryError } from '@/shared/ui/States';

type Props = {
  /** Privileges of which any one opens the screens below. */
  anyOf: readonly (readonly [string, Action])[];
  /** "You do not have access to {what}". */
  what: string;
  children?: ReactNode;
};

export function RequirePrivilege({ anyOf, what, children }: Props) {
  const privileges = usePrivileges();
  if (privileges.loading) return <PageLoader />;
  if (privileges.error) return <QueryError error={privileges.error} />;
  if (!privileges.canAny(anyOf)) return <NoAccess title={`You do not have access to ${what}`} />;
  return <>{children ?? <Outlet />}</>;
}

/** The administration area: open to those holding any administration privilege. */
export function RequireAdministration() {
  const privileges = usePrivileges();
  if (privileges.loading) return <PageLoader />;
  if (privileges.error) return <QueryError error={privileges.error} />;
  if (!privileges.canAdminister) {
    return (
      <NoAccess
        title="You do not have access to administration"
        description="Administration is for those who manage users, teams, roles, business units, API keys, the security log, the sales process, competitors, email templates and picklists, or the service desk’s queues, routing rules, service levels and contract templates, or the knowledge base’s article templates. If you need it, ask an administrator."
      />
    );
  }
  return <Outlet />;
}
