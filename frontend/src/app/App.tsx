// The app: providers, the theme, and the routes of every feature.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';

import { MantineProvider, createTheme } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Navigate, Outlet, RouterProvider, createBrowserRouter, useLocation, type RouteObject } from 'react-router';

import { AccountCreate } from '@/features/accounts/AccountCreate';
import { AdminHome } from '@/features/administration/AdminHome';
import { ApiKeyList } from '@/features/api-keys/ApiKeyList';
import { ArticleTemplateList } from '@/features/article-templates/ArticleTemplateList';
import { BusinessUnitList } from '@/features/business-units/BusinessUnitList';
import { CaseCreate } from '@/features/cases/CaseCreate';
import { CaseEdit } from '@/features/cases/CaseEdit';
import { CaseList } from '@/features/cases/CaseList';
import { CaseShow } from '@/features/cases/CaseShow';
import { CompetitorList } from '@/features/competitors/CompetitorList';
import { ContractTemplateList } from '@/features/contract-templates/ContractTemplateList';
import { ContractCreate } from '@/features/contracts/ContractCreate';
import { ContractEdit } from '@/features/contracts/ContractEdit';
import { ContractList } from '@/features/contracts/ContractList';
import { ContractShow } from '@/features/contracts/ContractShow';
import { EmailTemplateList } from '@/features/email-templates/EmailTemplateList';
import { AccountEdit } from '@/features/accounts/AccountEdit';
import { AccountList } from '@/features/accounts/AccountList';
import { AccountShow } from '@/features/accounts/AccountShow';
import { LoginPage } from '@/features/auth/LoginPage';
import { ContactCreate } from '@/features/contacts/ContactCreate';
import { ContactEdit } from '@/features/contacts/ContactEdit';
import { ContactList } from '@/features/contacts/ContactList';
import { ContactShow } from '@/features/contacts/ContactShow';
import { HomePage } from '@/features/home/HomePage';
import { ArticleShow } from '@/features/knowledge/ArticleShow';
import { KnowledgeHome } from '@/features/knowledge/KnowledgeHome';
import { LeadCreate } from '@/features/leads/LeadCreate';
import { LeadEdit } from '@/features/leads/LeadEdit';
import { LeadList } from '@/features/leads/LeadList';
import { LeadShow } from '@/features/leads/LeadShow';
import { OpportunityBoard } from '@/features/opportunities/OpportunityBoard';
import { OpportunityCreate } from '@/features/opportunities/OpportunityCreate';
import { OpportunityEdit } from '@/features/opportunities/OpportunityEdit';
import { OpportunityList } from '@/features/opportunities/OpportunityList';
import { OpportunityShow } from '@/features/opportunities/OpportunityShow';
import { PicklistAdmin } from '@/features/picklists/PicklistAdmin';
import { QueueAdmin } from '@/features/queues/QueueAdmin';
import { QueueBoard } from '@/features/queues/QueueBoard';
import { RoleCreate, RoleShow } from '@/features/roles/RoleEditor';
import { RoleList } from '@/features/roles/RoleList';
import { RoutingRuleList } from '@/features/routing-rules/RoutingRuleList';
import { SalesStageList } from '@/features/sales-stages/SalesStageList';
import { SecurityLog } from '@/features/security-log/SecurityLog';
import { ServiceReport } from '@/features/service-report/ServiceReport';
import { SlaPolicyList } from '@/features/sla-policies/SlaPolicyList';
import { TeamCreate } from '@/features/teams/TeamCreate';
import { TeamEdit } from '@/features/teams/TeamEdit';
import { TeamList } from '@/features/teams/TeamList';
import { TeamShow } from '@/features/teams/TeamShow';
import { UserCreate } from '@/features/users/UserCreate';
import { UserEdit } from '@/features/users/UserEdit';
import { UserList } from '@/features/users/UserList';
import { UserShow } from '@/features/users/UserShow';
import { ApiProblem } from '@/shared/api/problem';
import { RequireAdministration, RequirePrivilege } from '@/shared/layout/AccessGate';
import { AppLayout } from '@/shared/layout/AppLayout';
import { ADMIN_AREAS, type AdminArea } from '@/shared/layout/nav';
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

function area(to: string): AdminArea {
  const found = ADMIN_AREAS.find((a) => a.to === to);
  if (!found) throw new Error(`No administration area ${to}`);
  return found;
}

/** The routes of one administration area, behind the privileges that open it. */
function adminArea(to: string, children: RouteObject[]): RouteObject {
  const { anyOf, label } = area(to);
  return { path: to.replace('/admin/', ''), element: <RequirePrivilege anyOf={anyOf} what={label.toLowerCase()} />, children };
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
          { path: 'leads', element: <LeadList /> },
          { path: 'leads/new', element: <LeadCreate /> },
          { path: 'leads/:id', element: <LeadShow /> },
          { path: 'leads/:id/edit', element: <LeadEdit /> },
          { path: 'opportunities', element: <OpportunityList /> },
          { path: 'opportunities/board', element: <OpportunityBoard /> },
          { path: 'opportunities/new', element: <OpportunityCreate /> },
          { path: 'opportunities/:id', element: <OpportunityShow /> },
          { path: 'opportunities/:id/edit', element: <OpportunityEdit /> },
          { path: 'cases', element: <CaseList /> },
          { path: 'cases/new', element: <CaseCreate /> },
          { path: 'cases/:id', element: <CaseShow /> },
          { path: 'cases/:id/edit', element: <CaseEdit /> },
          { path: 'queues', element: <QueueBoard /> },
          { path: 'knowledge', element: <KnowledgeHome /> },
          // The editor brings the rich text editor along: it loads when first opened.
          { path: 'knowledge/new', lazy: async () => ({ Component: (await import('@/features/knowledge/ArticleEditor')).ArticleCreate }) },
          { path: 'knowledge/:id', element: <ArticleShow /> },
          { path: 'knowledge/:id/edit', lazy: async () => ({ Component: (await import('@/features/knowledge/ArticleEditor')).ArticleEdit }) },
          { path: 'contracts', element: <ContractList /> },
          { path: 'contracts/new', element: <ContractCreate /> },
          { path: 'contracts/:id', element: <ContractShow /> },
          { path: 'contracts/:id/edit', element: <ContractEdit /> },
          { path: 'reports/service', element: <ServiceReport /> },
          {
            path: 'admin',
            element: <RequireAdministration />,
            children: [
              { index: true, element: <AdminHome /> },
              adminArea('/admin/business-units', [{ index: true, element: <BusinessUnitList /> }]),
              adminArea('/admin/users', [
                { index: true, element: <UserList /> },
                { path: 'new', element: <UserCreate /> },
                { path: ':id', element: <UserShow /> },
                { path: ':id/edit', element: <UserEdit /> },
              ]),
              adminArea('/admin/teams', [
                { index: true, element: <TeamList /> },
                { path: 'new', element: <TeamCreate /> },
                { path: ':id', element: <TeamShow /> },
                { path: ':id/edit', element: <TeamEdit /> },
              ]),
              adminArea('/admin/roles', [
                { index: true, element: <RoleList /> },
                { path: 'new', element: <RoleCreate /> },
                { path: ':id', element: <RoleShow /> },
              ]),
              adminArea('/admin/api-keys', [{ index: true, element: <ApiKeyList /> }]),
              adminArea('/admin/sales-stages', [{ index: true, element: <SalesStageList /> }]),
              adminArea('/admin/competitors', [{ index: true, element: <CompetitorList /> }]),
              adminArea('/admin/email-templates', [{ index: true, element: <EmailTemplateList /> }]),
              adminArea('/admin/queues', [{ index: true, element: <QueueAdmin /> }]),
              adminArea('/admin/routing-rules', [{ index: true, element: <RoutingRuleList /> }]),
              adminArea('/admin/sla-policies', [{ index: true, element: <SlaPolicyList /> }]),
              adminArea('/admin/contract-templates', [{ index: true, element: <ContractTemplateList /> }]),
              adminArea('/admin/article-templates', [{ index: true, element: <ArticleTemplateList /> }]),
              adminArea('/admin/picklists', [{ index: true, element: <PicklistAdmin /> }]),
              adminArea('/admin/security-log', [{ index: true, element: <SecurityLog /> }]),
              { path: '*', element: <Navigate to="/admin" replace /> },
            ],
          },
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
