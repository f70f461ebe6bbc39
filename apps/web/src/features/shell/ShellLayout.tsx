import { Suspense } from 'react';
import { AppShell, Burger, Group, NavLink, ScrollArea, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSettings, IconWifiOff } from '@tabler/icons-react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/ui/PageLoader';
import { LanguageSwitch } from '../../components/ui/LanguageSwitch';
import { Logo } from '../../components/ui/Logo';
import { useRealtime } from '../../lib/realtime';
import { useMe } from '../auth/session';
import { GlobalSearch } from '../search/GlobalSearch';
import { SECTION_ICONS, SECTIONS } from '../sections/sections';
import { AccountSwitcher } from './AccountSwitcher';
import { UserMenu } from './UserMenu';

/** The signed-in frame: header with account, language and user menus; the section navigation. */
export function ShellLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [navOpened, nav] = useDisclosure(false);
  const realtime = useRealtime(me.account.id);

  const isActive = (path: string) => location.pathname === path || location.pathname.startsWith(`${path}/`);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
      data-realtime={realtime}
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.openMenu')}
            />
            <Logo compactOnMobile />
            <AccountSwitcher />
          </Group>
          <GlobalSearch />
          <Group gap="sm" wrap="nowrap">
            {realtime === 'reconnecting' && (
              <Tooltip label={t('shell.realtimeOffline')}>
                <IconWifiOff
                  size={18}
                  color="var(--mantine-color-orange-6)"
                  aria-label={t('shell.realtimeOffline')}
                />
              </Tooltip>
            )}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')} component="nav">
        <AppShell.Section grow component={ScrollArea}>
          {SECTIONS.map((section) => {
            const Icon = SECTION_ICONS[section];
            const path = `/${section}`;
            return (
              <NavLink
                key={section}
                component={RouterNavLink}
                to={path}
                label={t(`nav.${section}`)}
                leftSection={<Icon size={18} stroke={1.6} />}
                active={isActive(path)}
                onClick={nav.close}
                variant="light"
                mb={2}
              />
            );
          })}
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <NavLink
            component={RouterNavLink}
            to="/settings"
            label={t('nav.settings')}
            leftSection={<IconSettings size={18} stroke={1.6} />}
            active={isActive('/settings')}
            onClick={nav.close}
            variant="light"
          />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" bg="var(--mantine-color-gray-0)">
        <VisuallyHidden aria-live="polite">
          {realtime === 'reconnecting' ? t('shell.realtimeOffline') : ''}
        </VisuallyHidden>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
