import { Suspense } from 'react';
import { Tabs } from '@mantine/core';
import {
  IconBuilding,
  IconClipboardList,
  IconClock,
  IconCopy,
  IconFilter,
  IconForms,
  IconKey,
  IconLock,
  IconList,
  IconRobot,
  IconShieldLock,
  IconSitemap,
  IconTargetArrow,
  IconTransfer,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/ui/PageLoader';
import { PageHeader } from '../../components/ui/PageHeader';
import { useMayChangeSettings } from '../access/api';
import { useIsAdmin } from '../auth/session';

const TABS = [
  { value: 'account', icon: IconBuilding },
  { value: 'users', icon: IconUsers },
  { value: 'departments', icon: IconSitemap },
  { value: 'pipelines', icon: IconFilter },
  { value: 'lead-statuses', icon: IconTargetArrow },
  { value: 'lists', icon: IconList },
  { value: 'fields', icon: IconForms },
  // Deal copy presets (features/deals/copy).
  { value: 'copy-presets', icon: IconCopy },
  { value: 'hours', icon: IconClock },
  { value: 'tokens', icon: IconKey },
  // Outbound webhooks (features/webhooks); administrators only.
  { value: 'webhooks', icon: IconWebhook },
  // Roles, assignments and groups (features/access).
  { value: 'access', icon: IconLock },
  // Web forms, their hosted pages and snippets, and the pipelines' response SLA (features/forms).
  { value: 'forms', icon: IconClipboardList },
  // Robots and triggers (features/automation); everyone reads, administrators change.
  { value: 'automation', icon: IconRobot },
  { value: 'profile', icon: IconShieldLock },
  // Opens the amoCRM migration wizard (/imports/amocrm); administrators only.
  { value: 'migration', icon: IconTransfer },
] as const;

export function SettingsLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const isAdmin = useIsAdmin();
  const mayChangeSettings = useMayChangeSettings();
  const current =
    TABS.find((tab) => location.pathname.startsWith(`/settings/${tab.value}`))?.value ?? 'account';

  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} order={1} />
      <Tabs
        value={current}
        onChange={(value) => {
          if (value !== null) void navigate(value === 'migration' ? '/imports/amocrm' : `/settings/${value}`);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          {TABS.filter(
            (tab) =>
              isAdmin ||
              (tab.value !== 'migration' &&
                tab.value !== 'webhooks' &&
                (tab.value !== 'access' || mayChangeSettings)),
          ).map(({ value, icon: Icon }) => (
            <Tabs.Tab key={value} value={value} leftSection={<Icon size={16} stroke={1.6} />}>
              {value === 'lead-statuses'
                ? t('leadStatuses.tab')
                : value === 'copy-presets'
                  ? t('dealCopy.presets.tab')
                  : t(`settings.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
