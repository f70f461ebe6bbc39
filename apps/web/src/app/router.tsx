import { createBrowserRouter, matchRoutes, Navigate, type RouteObject } from 'react-router';
import { PublicOnly, RequireAuth } from '../features/auth/guards';
import { SectionPage } from '../features/sections/SectionPage';
import { SECTIONS } from '../features/sections/sections';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import { ShellLayout } from '../features/shell/ShellLayout';
import { lazyPage, type LazyPage } from './lazyPage';

const AcceptInvitePage = lazyPage(() => import('../features/auth/AcceptInvitePage'), 'AcceptInvitePage');
const SignInPage = lazyPage(() => import('../features/auth/SignInPage'), 'SignInPage');
const SignUpPage = lazyPage(() => import('../features/auth/SignUpPage'), 'SignUpPage');
const DealsPage = lazyPage(() => import('../features/deals/DealsPage'), 'DealsPage');
const DealCardPage = lazyPage(() => import('../features/deals/DealCardPage'), 'DealCardPage');
const CompaniesPage = lazyPage(() => import('../features/companies/CompaniesPage'), 'CompaniesPage');
const CompanyCardPage = lazyPage(() => import('../features/companies/CompanyCardPage'), 'CompanyCardPage');
const ContactCardPage = lazyPage(() => import('../features/contacts/ContactCardPage'), 'ContactCardPage');
const ContactsPage = lazyPage(() => import('../features/contacts/ContactsPage'), 'ContactsPage');
const LeadCardPage = lazyPage(() => import('../features/leads/LeadCardPage'), 'LeadCardPage');
const LeadsPage = lazyPage(() => import('../features/leads/LeadsPage'), 'LeadsPage');
const AccountPage = lazyPage(() => import('../features/settings/AccountPage'), 'AccountPage');
const CustomFieldsPage = lazyPage(() => import('../features/settings/CustomFieldsPage'), 'CustomFieldsPage');
const DepartmentsPage = lazyPage(() => import('../features/settings/DepartmentsPage'), 'DepartmentsPage');
const LeadStatusesPage = lazyPage(() => import('../features/settings/LeadStatusesPage'), 'LeadStatusesPage');
const PipelinesPage = lazyPage(() => import('../features/settings/PipelinesPage'), 'PipelinesPage');
const ProfilePage = lazyPage(() => import('../features/settings/ProfilePage'), 'ProfilePage');
const ReferenceListsPage = lazyPage(
  () => import('../features/settings/ReferenceListsPage'),
  'ReferenceListsPage',
);
const DealCopyPresetsPage = lazyPage(
  () => import('../features/deals/copy/DealCopyPresetsPage'),
  'DealCopyPresetsPage',
);
const TokensPage = lazyPage(() => import('../features/settings/TokensPage'), 'TokensPage');
const UsersPage = lazyPage(() => import('../features/settings/UsersPage'), 'UsersPage');
const WorkingHoursPage = lazyPage(() => import('../features/settings/WorkingHoursPage'), 'WorkingHoursPage');
const WebhooksPage = lazyPage(() => import('../features/webhooks/WebhooksPage'), 'WebhooksPage');
const AccessRightsPage = lazyPage(() => import('../features/access/AccessRightsPage'), 'AccessRightsPage');
const AutomationPage = lazyPage(() => import('../features/automation/AutomationPage'), 'AutomationPage');
const ImportPage = lazyPage(() => import('../features/spreadsheets/ImportPage'), 'ImportPage');
const AmoMigrationPage = lazyPage(() => import('../features/imports/AmoMigrationPage'), 'AmoMigrationPage');
const AmoRunPage = lazyPage(() => import('../features/imports/RunPage'), 'RunPage');
const InboxPage = lazyPage(() => import('../features/inbox/InboxPage'), 'InboxPage');
const SlaReportPage = lazyPage(() => import('../features/inbox/SlaReportPage'), 'SlaReportPage');
const FormsPage = lazyPage(() => import('../features/forms/FormsPage'), 'FormsPage');
const TasksPage = lazyPage(() => import('../features/tasks/TasksPage'), 'TasksPage');

/** A route showing a lazily loaded page; `handle.page` lets preloadPagesOf find its chunk. */
const page = (path: string, Page: LazyPage): RouteObject => ({
  path,
  element: <Page />,
  handle: { page: Page },
});

export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    handle: { page: SignInPage },
    element: (
      <PublicOnly>
        <SignInPage />
      </PublicOnly>
    ),
  },
  {
    path: '/sign-up',
    handle: { page: SignUpPage },
    element: (
      <PublicOnly>
        <SignUpPage />
      </PublicOnly>
    ),
  },
  page('/invite/:token', AcceptInvitePage),
  {
    element: <RequireAuth />,
    children: [
      {
        element: <ShellLayout />,
        children: [
          { index: true, element: <Navigate to="/deals" replace />, handle: { page: DealsPage } },
          page('deals/:id', DealCardPage),
          page('tasks', TasksPage),
          page('inbox', InboxPage),
          page('inbox/report', SlaReportPage),
          page('deals', DealsPage),
          page('contacts', ContactsPage),
          page('contacts/:id', ContactCardPage),
          page('companies', CompaniesPage),
          page('companies/:id', CompanyCardPage),
          page('leads', LeadsPage),
          page('leads/:id', LeadCardPage),
          page('imports/file', ImportPage),
          page('imports/file/:id', ImportPage),
          page('imports/amocrm', AmoMigrationPage),
          page('imports/amocrm/runs/:id', AmoRunPage),
          ...SECTIONS.filter(
            (section) =>
              section !== 'deals' &&
              section !== 'tasks' &&
              section !== 'inbox' &&
              section !== 'leads' &&
              section !== 'contacts' &&
              section !== 'companies',
          ).map((section) => ({
            path: section,
            element: <SectionPage key={section} section={section} />,
          })),
          {
            path: 'settings',
            element: <SettingsLayout />,
            children: [
              { index: true, element: <Navigate to="account" replace /> },
              page('account', AccountPage),
              page('users', UsersPage),
              page('departments', DepartmentsPage),
              page('pipelines', PipelinesPage),
              page('lead-statuses', LeadStatusesPage),
              page('lists', ReferenceListsPage),
              page('fields', CustomFieldsPage),
              page('copy-presets', DealCopyPresetsPage),
              page('hours', WorkingHoursPage),
              page('tokens', TokensPage),
              page('webhooks', WebhooksPage),
              page('access', AccessRightsPage),
              page('forms', FormsPage),
              page('automation', AutomationPage),
              page('profile', ProfilePage),
              { path: 'migration', element: <Navigate to="/imports/amocrm" replace /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);

/** Starts loading the chunks of the pages an address shows (before the session is known). */
export function preloadPagesOf(pathname: string): void {
  for (const match of matchRoutes(routes, pathname) ?? []) {
    const handle = match.route.handle as { page?: LazyPage } | undefined;
    void handle?.page?.preload();
  }
}
