// The app: providers, the theme, and the routes of every feature.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';

import { MantineProvider, createTheme } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Navigate, Outlet, RouterProvider, createBrowserRouter, useLocation } from 'react-router';

import { AccountCreate } from '@/features/accounts/AccountCreate';
import { AccountEdit } from '@/features/accounts/AccountEdit';
import { AccountList } from '@/features/accounts/AccountList';
import { AccountShow } from '@/features/accounts/AccountShow';
import { LoginPage } from '@/features/auth/LoginPage';
import { ContactCreate } from '@/features/contacts/ContactCreate';
import { ContactEdit } from '@/features/contacts/ContactEdit';
import { ContactList } from '@/features/contacts/ContactList';
import { ContactShow } from '@/features/contacts/ContactShow';
import { HomePage } from '@/features/home/HomePage';
import { ApiProblem } from '@/shared/api/problem';
import { AppLayout } from '@/shared/layout/AppLayout';
import { useSignedIn } from '@/shared/session/useSession';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again.
      retry: (count, error) => !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

function RequireSession() {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'accounts', element: <AccountList /> },
          { path: 'accounts/new', element: <AccountCreate /> },
          { path: 'accounts/:id', element: <AccountShow /> },
          { path: 'accounts/:id/edit', element: <AccountEdit /> },
          { path: 'contacts', element: <ContactList /> },
          { path: 'contacts/new', element: <ContactCreate /> },
          { path: 'contacts/:id', element: <ContactShow /> },
          { path: 'contacts/:id/edit', element: <ContactEdit /> },
          { path: '*', element: <Navigate to="/" replace /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="top-right" />
          <RouterProvider router={router} />
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
