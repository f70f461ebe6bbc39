import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { PublicOnly, RequireAuth } from '../features/auth/guards';
import { SignInPage } from '../features/auth/SignInPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { DealsPage } from '../features/deals/DealsPage';
import { DealCardPage } from '../features/deals/DealCardPage';
import { CompaniesPage } from '../features/companies/CompaniesPage';
import { CompanyCardPage } from '../features/companies/CompanyCardPage';
import { ContactCardPage } from '../features/contacts/ContactCardPage';
import { ContactsPage } from '../features/contacts/ContactsPage';
import { LeadCardPage } from '../features/leads/LeadCardPage';
import { LeadsPage } from '../features/leads/LeadsPage';
import { SectionPage } from '../features/sections/SectionPage';
import { SECTIONS } from '../features/sections/sections';
import { AccountPage } from '../features/settings/AccountPage';
import { CustomFieldsPage } from '../features/settings/CustomFieldsPage';
import { DepartmentsPage } from '../features/settings/DepartmentsPage';
import { LeadStatusesPage } from '../features/settings/LeadStatusesPage';
import { PipelinesPage } from '../features/settings/PipelinesPage';
import { ProfilePage } from '../features/settings/ProfilePage';
import { ReferenceListsPage } from '../features/settings/ReferenceListsPage';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { TokensPage } from '../features/settings/TokensPage';
import { UsersPage } from '../features/settings/UsersPage';
import { WorkingHoursPage } from '../features/settings/WorkingHoursPage';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import { ShellLayout } from '../features/shell/ShellLayout';
import { ImportPage } from '../features/spreadsheets/ImportPage';
import { AmoMigrationPage } from '../features/imports/AmoMigrationPage';
import { RunPage as AmoRunPage } from '../features/imports/RunPage';
import { TasksPage } from '../features/tasks/TasksPage';

export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    element: (
      <PublicOnly>
        <SignInPage />
      </PublicOnly>
    ),
  },
  {
    path: '/sign-up',
    element: (
      <PublicOnly>
        <SignUpPage />
      </PublicOnly>
    ),
  },
  { path: '/invite/:token', element: <AcceptInvitePage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <ShellLayout />,
        children: [
          { index: true, element: <Navigate to="/deals" replace /> },
          { path: 'deals/:id', element: <DealCardPage /> },
          { path: 'tasks', element: <TasksPage /> },
          { path: 'deals', element: <DealsPage /> },
          { path: 'contacts', element: <ContactsPage /> },
          { path: 'contacts/:id', element: <ContactCardPage /> },
          { path: 'companies', element: <CompaniesPage /> },
          { path: 'companies/:id', element: <CompanyCardPage /> },
          { path: 'leads', element: <LeadsPage /> },
          { path: 'leads/:id', element: <LeadCardPage /> },
          { path: 'imports/file', element: <ImportPage /> },
          { path: 'imports/file/:id', element: <ImportPage /> },
          { path: 'imports/amocrm', element: <AmoMigrationPage /> },
          { path: 'imports/amocrm/runs/:id', element: <AmoRunPage /> },
          ...SECTIONS.filter(
            (section) =>
              section !== 'deals' &&
              section !== 'tasks' &&
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
              { path: 'account', element: <AccountPage /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'departments', element: <DepartmentsPage /> },
              { path: 'pipelines', element: <PipelinesPage /> },
              { path: 'lead-statuses', element: <LeadStatusesPage /> },
              { path: 'lists', element: <ReferenceListsPage /> },
              { path: 'fields', element: <CustomFieldsPage /> },
              { path: 'hours', element: <WorkingHoursPage /> },
              { path: 'tokens', element: <TokensPage /> },
              { path: 'profile', element: <ProfilePage /> },
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
