// Settings → Webhooks (administrators): subscriptions of URLs to the account's events, the signing
// secret shown once (at creation and rotation), a test send with its result, and each webhook's
// delivery log with the receiver's answers.
import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  IconKey,
  IconList,
  IconPencil,
  IconPlus,
  IconRefresh,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Webhook, WebhookDelivery, WebhookWithSecret } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { DataTable } from '../../components/ui/DataTable';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { OneTimeSecret } from '../../components/ui/OneTimeSecret';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useDialog } from '../../components/ui/useDialog';
import { useLocale } from '../../i18n/useLocale';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useRetryDelivery,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhookEventTypes,
  useWebhooks,
} from './api';
import { answerOf, canRetry, groupEventTypes, shortUrl, STATUS_COLORS } from './webhookModel';

export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const form = useDialog<Webhook | null>();
  const secret = useDialog<WebhookWithSecret>();
  const log = useDialog<Webhook>();
  const testResult = useDialog<WebhookDelivery>();

  return (
    <section aria-labelledby="webhooks-title">
      <PageHeader
        title={<span id="webhooks-title">{t('webhooks.title')}</span>}
        description={t('webhooks.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => form.open(null)}>
            {t('webhooks.add')}
          </Button>
        }
      />
      <QueryResult query={webhooks} loading={<Skeleton h={120} />}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState>{t('webhooks.empty')}</EmptyState>
          ) : (
            <WebhooksTable
              webhooks={data}
              onEdit={form.open}
              onSecret={secret.open}
              onLog={log.open}
              onTested={testResult.open}
            />
          )
        }
      </QueryResult>
      <Modal
        opened={form.opened}
        onClose={form.close}
        title={form.value ? t('webhooks.editTitle') : t('webhooks.createTitle')}
        size="lg"
        centered
      >
        <WebhookForm
          key={form.key}
          webhook={form.value ?? null}
          onClose={form.close}
          onCreated={(created) => {
            form.close();
            secret.open(created);
          }}
        />
      </Modal>
      <Modal opened={secret.opened} onClose={secret.close} title={t('webhooks.secretTitle')} centered>
        {secret.value && (
          <OneTimeSecret
            title={t('webhooks.secretShown')}
            notice={t('webhooks.secretOnce')}
            label={t('webhooks.secret')}
            value={secret.value.secret}
            description={secret.value.url}
            onClose={secret.close}
          />
        )}
      </Modal>
      <Modal opened={testResult.opened} onClose={testResult.close} title={t('webhooks.testTitle')} centered>
        {testResult.value && (
          <Stack>
            <DeliveryResult delivery={testResult.value} />
            <Group justify="flex-end">
              <Button onClick={testResult.close}>{t('common.close')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal
        opened={log.opened}
        onClose={log.close}
        title={log.value ? t('webhooks.log.title', { url: shortUrl(log.value.url) }) : ''}
        size={1000}
      >
        {log.value && <DeliveryLog key={log.key} webhook={log.value} />}
      </Modal>
    </section>
  );
}

function WebhooksTable({
  webhooks,
  onEdit,
  onSecret,
  onLog,
  onTested,
}: {
  webhooks: Webhook[];
  onEdit: (webhook: Webhook) => void;
  onSecret: (webhook: WebhookWithSecret) => void;
  onLog: (webhook: Webhook) => void;
  onTested: (delivery: WebhookDelivery) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const test = useTestWebhook();
  const showError = (error: unknown) => notifications.show({ color: 'red', message: errorText(error) });

  return (
    <DataTable
      labelledBy="webhooks-title"
      minWidth={760}
      columns={[t('webhooks.url'), t('webhooks.eventTypes'), t('webhooks.status')]}
      withActions
    >
      {webhooks.map((webhook) => (
        <Table.Tr key={webhook.id} data-testid="webhook-row">
          <Table.Td>
            <Text fw={500} style={{ wordBreak: 'break-all' }}>
              {webhook.url}
            </Text>
            {webhook.description && (
              <Text size="sm" c="dimmed">
                {webhook.description}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Tooltip label={webhook.eventTypes.join(', ')} multiline w={320}>
              <Badge variant="light">{t('webhooks.eventCount', { count: webhook.eventTypes.length })}</Badge>
            </Tooltip>
          </Table.Td>
          <Table.Td>
            {webhook.active ? (
              <Badge variant="dot" color="teal">
                {t('webhooks.active')}
              </Badge>
            ) : (
              <Stack gap={2}>
                <Badge variant="dot" color={webhook.disabledReason ? 'red' : 'gray'}>
                  {t('webhooks.off')}
                </Badge>
                {webhook.disabledReason && (
                  <Text size="xs" c="red">
                    {webhook.disabledReason}
                  </Text>
                )}
              </Stack>
            )}
          </Table.Td>
          <Table.Td>
            <Group gap={4} justify="flex-end" wrap="nowrap">
              <Tooltip label={t('webhooks.test')}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('webhooks.testFor', { url: webhook.url })}
                  loading={test.isPending && test.variables === webhook.id}
                  onClick={() => test.mutate(webhook.id, { onSuccess: onTested, onError: showError })}
                >
                  <IconSend size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('webhooks.log.open')}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('webhooks.log.openFor', { url: webhook.url })}
                  onClick={() => onLog(webhook)}
                >
                  <IconList size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('common.edit')}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('webhooks.editFor', { url: webhook.url })}
                  onClick={() => onEdit(webhook)}
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <ConfirmModal
                title={t('webhooks.rotate')}
                message={t('webhooks.rotateConfirm')}
                confirmLabel={t('webhooks.rotate')}
                color="orange"
                onConfirm={() => rotate.mutateAsync(webhook.id).then(onSecret)}
                target={(open) => (
                  <Tooltip label={t('webhooks.rotate')}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('webhooks.rotateFor', { url: webhook.url })}
                      onClick={open}
                    >
                      <IconKey size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              />
              <ConfirmIconButton
                label={t('webhooks.deleteFor', { url: webhook.url })}
                icon={<IconTrash size={16} />}
                tooltip={t('common.delete')}
                message={t('webhooks.deleteConfirm')}
                confirmLabel={t('common.delete')}
                onConfirm={() => remove.mutateAsync(webhook.id)}
                doneMessage={t('webhooks.deleted')}
              />
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function WebhookForm({
  webhook,
  onClose,
  onCreated,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) {
  const { t } = useTranslation();
  const eventTypes = useWebhookEventTypes();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      url: webhook?.url ?? '',
      description: webhook?.description ?? '',
      eventTypes: webhook?.eventTypes ?? [],
      active: webhook?.active ?? true,
    },
    validate: {
      url: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? null : t('webhooks.urlInvalid')),
      eventTypes: (value) => (value.length > 0 ? null : t('webhooks.eventTypesRequired')),
    },
  });
  const errors = useFormErrors(form, ['url', 'description', 'eventTypes']);

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        errors.setMessage(null);
        const input = { ...values, url: values.url.trim(), description: values.description.trim() };
        if (webhook)
          update.mutate({ id: webhook.id, ...input }, { onSuccess: onClose, onError: errors.show });
        else create.mutate(input, { onSuccess: onCreated, onError: errors.show });
      })}
      noValidate
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('webhooks.url')}
          description={t('webhooks.urlHint')}
          placeholder="https://example.com/voronka/events"
          required
          data-autofocus
          {...form.getInputProps('url')}
        />
        <MultiSelect
          label={t('webhooks.eventTypes')}
          description={t('webhooks.eventTypesHint')}
          data={groupEventTypes(eventTypes.data ?? [])}
          searchable
          clearable
          required
          nothingFoundMessage={t('webhooks.noEventTypes')}
          {...form.getInputProps('eventTypes')}
        />
        <TextInput label={t('webhooks.descriptionLabel')} {...form.getInputProps('description')} />
        <Switch label={t('webhooks.activeLabel')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <DialogActions
          onCancel={onClose}
          submitLabel={webhook ? t('common.save') : t('common.create')}
          loading={create.isPending || update.isPending}
        />
      </Stack>
    </form>
  );
}

function DeliveryStatus({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLORS[delivery.status]}>
      {t(`webhooks.deliveryStatus.${delivery.status}`)}
    </Badge>
  );
}

/** The result of one attempt: status, answer and the start of the response body. */
function DeliveryResult({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert
        color={STATUS_COLORS[delivery.status]}
        variant="light"
        title={delivery.status === 'delivered' ? t('webhooks.testDelivered') : t('webhooks.testFailed')}
      >
        <Group gap="xs">
          <DeliveryStatus delivery={delivery} />
          {answerOf(delivery) && <Text size="sm">{answerOf(delivery)}</Text>}
        </Group>
      </Alert>
      {delivery.error && delivery.statusCode !== null && <Text size="sm">{delivery.error}</Text>}
      {delivery.responseBody && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('webhooks.log.response')}
          </Text>
          <Code block style={{ maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
            {delivery.responseBody}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorText = useErrorText();
  const deliveries = useWebhookDeliveries(webhook.id);
  const retry = useRetryDelivery();
  const [opened, setOpened] = useState<string | null>(null);

  return (
    <QueryResult query={deliveries} loading={<Skeleton h={160} />}>
      {(data) => {
        const items = data.pages.flatMap((page) => page.items);
        if (items.length === 0) return <EmptyState>{t('webhooks.log.empty')}</EmptyState>;
        return (
          <Stack>
            <Text id="webhook-log-title" size="sm" c="dimmed">
              {t('webhooks.log.description')}
            </Text>
            <DataTable
              labelledBy="webhook-log-title"
              minWidth={760}
              columns={[
                t('webhooks.log.createdAt'),
                t('webhooks.log.event'),
                t('webhooks.status'),
                t('webhooks.log.attempts'),
                t('webhooks.log.answer'),
                t('webhooks.log.nextAttempt'),
              ]}
              withActions
            >
              {items.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  expanded={opened === delivery.id}
                  onToggle={() => setOpened(opened === delivery.id ? null : delivery.id)}
                  onRetry={() =>
                    retry.mutate(
                      { id: webhook.id, deliveryId: delivery.id },
                      {
                        onSuccess: (result) => {
                          void deliveries.refetch();
                          notifications.show({
                            color: STATUS_COLORS[result.status],
                            message: t(`webhooks.deliveryStatus.${result.status}`),
                          });
                        },
                        onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
                      },
                    )
                  }
                  retrying={retry.isPending && retry.variables.deliveryId === delivery.id}
                  locale={locale}
                />
              ))}
            </DataTable>
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={() => void deliveries.refetch()}
                loading={deliveries.isRefetching && !deliveries.isFetchingNextPage}
              >
                {t('webhooks.log.refresh')}
              </Button>
              {deliveries.hasNextPage && (
                <Button
                  variant="default"
                  onClick={() => void deliveries.fetchNextPage()}
                  loading={deliveries.isFetchingNextPage}
                >
                  {t('webhooks.log.more')}
                </Button>
              )}
            </Group>
          </Stack>
        );
      }}
    </QueryResult>
  );
}

function DeliveryRow({
  delivery,
  expanded,
  onToggle,
  onRetry,
  retrying,
  locale,
}: {
  delivery: WebhookDelivery;
  expanded: boolean;
  onToggle: () => void;
  onRetry: () => void;
  retrying: boolean;
  locale: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Table.Tr data-testid="delivery-row" onClick={onToggle} style={{ cursor: 'pointer' }}>
        <Table.Td>{formatDateTime(delivery.createdAt, locale)}</Table.Td>
        <Table.Td>
          <Code>{delivery.eventType}</Code>
        </Table.Td>
        <Table.Td>
          <DeliveryStatus delivery={delivery} />
        </Table.Td>
        <Table.Td>{delivery.attempts}</Table.Td>
        <Table.Td>
          <Text size="sm" lineClamp={1} maw={220}>
            {answerOf(delivery) ?? '—'}
          </Text>
        </Table.Td>
        <Table.Td>{formatDateTime(delivery.nextAttemptAt, locale) ?? '—'}</Table.Td>
        <Table.Td ta="right">
          {canRetry(delivery) && (
            <Tooltip label={t('webhooks.log.retry')}>
              <ActionIcon
                variant="subtle"
                aria-label={t('webhooks.log.retry')}
                loading={retrying}
                onClick={(event) => {
                  event.stopPropagation();
                  onRetry();
                }}
              >
                <IconRefresh size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <DeliveryResult delivery={delivery} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
