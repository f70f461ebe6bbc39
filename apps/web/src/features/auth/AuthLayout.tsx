import type { ReactNode } from 'react';
import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/ui/LanguageSwitch';
import { Logo } from '../../components/ui/Logo';

/** The frame of the signed-out pages: product mark, a card with the form, the language switch. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl" pt={{ base: 'md', sm: 48 }}>
        <Stack w="100%" maw={440} gap="lg">
          <Stack gap={6} ta="center">
            <Title order={1} fz={26}>
              {title}
            </Title>
            {subtitle !== undefined && <Text c="dimmed">{subtitle}</Text>}
          </Stack>
          <Paper withBorder shadow="sm" p="xl" component="main">
            {children}
          </Paper>
          {footer !== undefined && (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          )}
          <Text ta="center" size="xs" c="dimmed">
            {t('app.tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}

/** The footer line that leads to another signed-out page: «No account yet? Create one». */
export function AuthFooterLink({ prompt, to, label }: { prompt?: string; to: string; label: string }) {
  return (
    <>
      {prompt !== undefined && `${prompt} `}
      <Anchor component={Link} to={to}>
        {label}
      </Anchor>
    </>
  );
}
