import { Suspense, useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { FullPageLoader } from '../components/ui/FullPageLoader';
import { prefetchFirstScreen } from './prefetch';
import { createQueryClient } from './queryClient';
import { createRouter } from './router';
import { theme } from './theme';

export function App({ i18n }: { i18n: I18n }) {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    prefetchFirstScreen(client, window.location.pathname);
    return client;
  });
  const [router] = useState(createRouter);
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <Suspense fallback={<FullPageLoader />}>
            <RouterProvider router={router} />
          </Suspense>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
