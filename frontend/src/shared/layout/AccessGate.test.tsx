import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';

import type { Privilege } from '@/shared/session/privileges';
import { meKey } from '@/shared/session/useSession';

import { RequireAdministration, RequirePrivilege } from './AccessGate';

function renderAt(path: string, privileges: Privilege[]) {
  const client = new QueryClient();
  client.setQueryData(meKey, { id: 'u1', full_name: 'Sam Seller', privileges });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="admin" element={<RequireAdministration />}>
              <Route index element={<p>Admin home</p>} />
              <Route path="roles" element={<RequirePrivilege anyOf={[['roles', 'read']]} what="roles" />}>
                <Route index element={<p>Roles list</p>} />
              </Route>
            </Route>
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('access to administration', () => {
  it('tells a user without administration privileges they have no access', () => {
    renderAt('/admin', [{ entity: 'accounts', action: 'read', depth: 'own' }]);
    expect(screen.getByText('You do not have access to administration')).toBeInTheDocument();
    expect(screen.queryByText('Admin home')).not.toBeInTheDocument();
  });

  it('opens the area to a privilege of it, and each screen to its own privileges', () => {
    renderAt('/admin/roles', [{ entity: 'users', action: 'update', depth: 'business_unit' }]);
    expect(screen.getByText('You do not have access to roles')).toBeInTheDocument();
  });

  it('shows the screen to those who hold its privilege', () => {
    renderAt('/admin/roles', [{ entity: 'roles', action: 'read', depth: 'organization' }]);
    expect(screen.getByText('Roles list')).toBeInTheDocument();
  });
});
