// The copy links on a deal card: "Copy of «…»" on a copy, "Copies: …" on an original. An anonymized copy
// shows nothing of its original; the original only counts that one was made.
import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCopyLinks } from './api';

export function CopyLinks({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const links = useCopyLinks(dealId);
  if (!links.data) return null;
  const { copiedFrom, copies } = links.data;
  const named = copies.filter((c) => c.dealId !== null);
  const anonymized = copies.length - named.length;
  if (copiedFrom === null && copies.length === 0) return null;
  return (
    <Group gap="lg" wrap="wrap" aria-label={t('dealCopy.links')} role="group">
      {copiedFrom !== null && (
        <Text size="sm">
          {t('dealCopy.copyOf')}{' '}
          <Anchor component={Link} to={`/deals/${copiedFrom.dealId}`}>
            {copiedFrom.name}
          </Anchor>
        </Text>
      )}
      {copies.length > 0 && (
        <Text size="sm">
          {t('dealCopy.copies')}{' '}
          {named.map((c, i) => (
            <span key={c.dealId}>
              {i > 0 && ', '}
              <Anchor component={Link} to={`/deals/${c.dealId ?? ''}`}>
                {c.name}
              </Anchor>
            </span>
          ))}
          {anonymized > 0 && (
            <Text span c="dimmed">
              {named.length > 0 && ', '}
              {t('dealCopy.anonymizedCopies', { count: anonymized })}
            </Text>
          )}
        </Text>
      )}
    </Group>
  );
}
