// Page-level steps shared by the specs, written the way a person uses the app: by visible labels.
import { randomUUID } from 'node:crypto';
import type { APIResponse, Locator, Page } from 'playwright-core';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An input by its whole label. Mantine appends " *" to required fields' labels, and a label like
 * "Password" must not match the "Toggle password visibility" button, so the match is anchored.
 */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\*)?$`));
}

/** A field of a record card (a labelled group with its value and its inline editor). */
export const cardField = (page: Page, label: string): Locator =>
  page.getByRole('group', { name: label, exact: true });

export interface Person {
  accountName: string;
  name: string;
  email: string;
  password: string;
}

export function newPerson(prefix = 'owner'): Person {
  const id = randomUUID().slice(0, 8);
  return {
    accountName: `Acme ${id}`,
    name: `${prefix[0]?.toUpperCase() ?? ''}${prefix.slice(1)} ${id}`,
    email: `${prefix}-${id}@example.com`,
    password: `pass-${id}-word`,
  };
}

export const NAV_EN = [
  'Deals',
  'Leads',
  'Contacts',
  'Companies',
  'Tasks',
  'Unsorted',
  'Reports',
  'Marketplace',
  'Settings',
];
export const NAV_RU = [
  'Сделки',
  'Лиды',
  'Контакты',
  'Компании',
  'Задачи',
  'Неразобранное',
  'Отчёты',
  'Маркетплейс',
  'Настройки',
];

export const mainNav = (page: Page) =>
  page.getByRole('navigation', { name: /Main navigation|Основная навигация/ });

/** The link texts of the main navigation, in order. */
export async function navTexts(page: Page): Promise<string[]> {
  const links = mainNav(page).getByRole('link');
  return (await links.allTextContents()).map((text) => text.trim());
}

export async function signUpViaUi(page: Page, person: Person): Promise<void> {
  await page.goto('/sign-up');
  await field(page, 'Company or team name').fill(person.accountName);
  await field(page, 'Your name').fill(person.name);
  await field(page, 'E-mail').fill(person.email);
  await field(page, 'Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await mainNav(page).waitFor();
}

export async function signInViaUi(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await field(page, 'E-mail').fill(person.email);
  await field(page, 'Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs up through the API with the page's own cookie jar (faster setup for specs not about sign-up). */
export async function signUpViaApi(page: Page, person: Person, locale: 'en' | 'ru' = 'en'): Promise<void> {
  const response = await page.request.post('/api/auth/sign-up', {
    data: {
      accountName: person.accountName,
      name: person.name,
      email: person.email,
      password: person.password,
      locale,
    },
  });
  if (!response.ok()) throw new Error(`sign-up failed: HTTP ${response.status()} ${await response.text()}`);
}

export async function signOutViaUi(
  page: Page,
  labels = { menu: 'User menu', signOut: 'Sign out' },
): Promise<void> {
  await page.getByRole('button', { name: labels.menu }).click();
  await page.getByRole('menuitem', { name: labels.signOut }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Invites a person to the administrator's current account through the API; returns the link's token. */
export async function inviteViaApi(
  adminPage: Page,
  email: string,
  role: 'admin' | 'member' = 'member',
): Promise<string> {
  const response = await adminPage.request.post('/api/invitations', {
    data: { email, role, departmentId: null },
  });
  if (!response.ok())
    throw new Error(`invitation failed: HTTP ${response.status()} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** Accepts an invitation through the API with the page's own cookie jar (signs the page in). */
export async function acceptInvitationViaApi(
  page: Page,
  token: string,
  person: Pick<Person, 'name' | 'password'>,
): Promise<void> {
  const response = await page.request.post(`/api/invitations/by-token/${encodeURIComponent(token)}/accept`, {
    data: { name: person.name, password: person.password },
  });
  if (!response.ok()) throw new Error(`accepting failed: HTTP ${response.status()} ${await response.text()}`);
}

/**
 * Gives the member signed in on `memberPage` one of the account's default roles through the administrator's
 * API (ADR 0018): members are managers — their own records only — until given more.
 */
export async function assignRoleViaApi(
  adminPage: Page,
  memberPage: Page,
  code: 'manager' | 'head' | 'director' | 'administrator',
): Promise<string> {
  const me = await json<{ user: { id: string } }>(await memberPage.request.get('/api/me'));
  const roles = await json<{ items: { id: string; code: string | null }[] }>(
    await adminPage.request.get('/api/roles'),
  );
  await json(
    await adminPage.request.post('/api/role-assignments', {
      data: {
        roleId: roles.items.find((role) => role.code === code)?.id,
        subjectKind: 'user',
        subjectId: me.user.id,
      },
    }),
  );
  return me.user.id;
}

/** The JSON body of a successful API response; any other status fails the step with the server's answer. */
export async function json<T>(response: APIResponse): Promise<T> {
  if (!response.ok()) throw new Error(`HTTP ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}
