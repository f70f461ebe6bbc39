import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { PublicOnly, RequireAuth } from '../features/auth/guards';
import { SignInPage } from '../features/auth/SignInPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { DealsPage } from '../features/deals/DealsPage';
import { DealCardPage } from '../features/deals/DealCardPage';
import { SectionPage } from '../features/sections/SectionPage';
import { SECTIONS } from '../features/sections/sections';
import { AccountPage } from '../features/settings/AccountPage';
import { DepartmentsPage } from '../features/settings/DepartmentsPage';
import { PipelinesPage } from '../features/settings/PipelinesPage';
import { ProfilePage } from '../features/settings/ProfilePage';
import { ReferenceListsPage } from '../features/settings/ReferenceListsPage';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { TokensPage } from '../features/settings/TokensPage';
import { UsersPage } from '../features/settings/UsersPage';
import { WorkingHoursPage } from '../features/settings/WorkingHoursPage';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import { ShellLayout } from '../features/shell/ShellLayout';
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
          ...SECTIONS.filter((section) => section !== 'deals' && section !== 'tasks').map((section) => ({
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
              { path: 'lists', element: <ReferenceListsPage /> },
              { path: 'hours', element: <WorkingHoursPage /> },
              { path: 'tokens', element: <TokensPage /> },
              { path: 'profile', element: <ProfilePage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
