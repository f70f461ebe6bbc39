// Steps 2 and 3 (MIGR-2, MIGR-3): what to migrate — the period, the entities (linked ones ticked with them),
// each amoCRM pipeline into an existing Voronka pipeline or a new one, the amoCRM users matched by e-mail and
// the rest to the default responsible — and the data check. The first "Check data" creates the run as a
// draft; after that every change is sent (debounced) and the server counts again; the count shown is the
// server's, for the selection it stored (linked entities included).
import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type {
  AmoSource,
  ImportConnection,
  ImportEntity,
  ImportRun,
  Pipeline,
  User,
} from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { QueryError } from '../../components/ui/QueryError';
import { useErrorText } from '../../lib/errors';
import { usePipelines, useUsers } from '../settings/api';
import { useCreateRun, useRun, useRunAction, useSource, useUpdateRun } from './api';
import {
  choiceOf,
  DEFAULT_RESPONSIBLE,
  ENTITIES,
  initialChoice,
  isDraftRun,
  neededBy,
  NEW_PIPELINE,
  periodError,
  sameSelection,
  selectionOf,
  toggleEntity,
  withLinked,
  type Choice,
} from './selection';

const DEBOUNCE_MS = 600;

export function ChooseStep({ connection, runs }: { connection: ImportConnection; runs: ImportRun[] }) {
  const { t } = useTranslation();
  const source = useSource(connection.id);
  const pipelines = usePipelines();
  const users = useUsers();
  const listed = runs.find((r) => r.connectionId === connection.id && r.kind === 'full' && isDraftRun(r));
  const draft = useRun(listed?.id);

  for (const query of [source, pipelines, users] as const)
    if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (source.data === undefined || pipelines.data === undefined || users.data === undefined)
    return (
      <Group gap="sm" p="md">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      </Group>
    );
  return (
    <ChooseForm
      key={`${connection.id}:${listed?.id ?? 'new'}`}
      connection={connection}
      source={source.data}
      pipelines={pipelines.data}
      users={users.data}
      draft={draft.data ?? listed}
      blocking={runs.find(
        (r) => r.status === 'running' || r.status === 'stopping' || r.status === 'rolling_back',
      )}
    />
  );
}

function ChooseForm({
  connection,
  source,
  pipelines,
  users,
  draft,
  blocking,
}: {
  connection: ImportConnection;
  source: AmoSource;
  pipelines: Pipeline[];
  users: User[];
  draft: ImportRun | undefined;
  blocking: ImportRun | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const create = useCreateRun();
  const update = useUpdateRun();
  const action = useRunAction();
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice>(() => {
    const base = initialChoice(source.pipelines, pipelines.find((p) => p.isDefault)?.id);
    return draft !== undefined ? choiceOf(draft.selection, base) : base;
  });
  const selection = selectionOf(choice);
  const invalidPeriod = periodError(choice.period);
  const dirty = draft !== undefined && !sameSelection(selection, draft.selection);
  const selectionKey = JSON.stringify(selection);

  // A changed parameter makes the count stale: send it (debounced) and the server checks again.
  useEffect(() => {
    if (draft === undefined || !dirty || invalidPeriod !== null) return;
    const timer = setTimeout(() => {
      update.mutate(
        { id: draft.id, selection },
        { onError: (cause) => setError(errorText(cause)), onSuccess: () => setError(null) },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // The selection's content (selectionKey) is the trigger, not its object identity.
  }, [selectionKey, draft?.id, dirty, invalidPeriod]);

  const runCheck = () => {
    setError(null);
    create.mutate(
      { connectionId: connection.id, selection },
      { onError: (cause) => setError(errorText(cause)) },
    );
  };
  const migrate = async () => {
    if (draft === undefined) return;
    setError(null);
    try {
      const run = await action.mutateAsync({ id: draft.id, action: 'start' });
      await navigate(`/imports/amocrm/runs/${run.id}`);
    } catch (cause) {
      setError(errorText(cause));
    }
  };

  const ticked = choice.entities;
  const entityName = (e: ImportEntity) => t(`amocrm.choose.entity.${e}`);
  const check = draft?.check ?? null;
  const counted = !dirty && check?.status === 'done' ? check : null;
  const checking = draft !== undefined && (dirty || update.isPending || draft.status === 'checking');
  const me = source.defaultResponsible;
  const unmatched = source.users.filter((u) => {
    const override = choice.users[u.id];
    return override === DEFAULT_RESPONSIBLE || (override === undefined && u.match === null);
  }).length;

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('amocrm.choose.title')}
          </Title>
          <Stack gap={6}>
            <Text fw={500} size="sm">
              {t('amocrm.choose.period')}
            </Text>
            <SegmentedControl
              w="fit-content"
              value={choice.period === null ? 'all' : 'period'}
              onChange={(value) =>
                setChoice((c) => ({
                  ...c,
                  period: value === 'all' ? null : (c.period ?? { from: '', to: '' }),
                }))
              }
              data={[
                { value: 'all', label: t('amocrm.choose.wholePeriod') },
                { value: 'period', label: t('amocrm.choose.forPeriod') },
              ]}
            />
            {choice.period !== null && (
              <Group gap="sm" align="flex-start">
                <TextInput
                  type="date"
                  label={t('amocrm.choose.from')}
                  value={choice.period.from}
                  error={invalidPeriod === 'from' ? t('amocrm.choose.periodFrom') : undefined}
                  onChange={(event) => {
                    const from = event.currentTarget.value;
                    setChoice((c) => ({ ...c, period: { from, to: c.period?.to ?? '' } }));
                  }}
                />
                <TextInput
                  type="date"
                  label={t('amocrm.choose.to')}
                  value={choice.period.to}
                  error={invalidPeriod === 'to' ? t('amocrm.choose.periodTo') : undefined}
                  onChange={(event) => {
                    const to = event.currentTarget.value;
                    setChoice((c) => ({ ...c, period: { from: c.period?.from ?? '', to } }));
                  }}
                />
              </Group>
            )}
            {choice.period !== null && (
              <Text size="xs" c="dimmed">
                {t('amocrm.choose.periodHint')} {t('amocrm.check.periodNote')}
              </Text>
            )}
          </Stack>

          <Stack gap={8} role="group" aria-labelledby="amocrm-entities">
            <Text fw={500} size="sm" id="amocrm-entities">
              {t('amocrm.choose.entitiesTitle')}
            </Text>
            {ENTITIES.map((entity) => {
              const needers = neededBy(entity, ticked);
              const count = counted?.counts[entity];
              return (
                <Stack key={entity} gap={4} data-testid={`entity-${entity}`}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Checkbox
                      style={{ flex: 1 }}
                      label={entityName(entity)}
                      checked={ticked.includes(entity)}
                      disabled={ticked.includes(entity) && needers.length > 0}
                      onChange={() =>
                        setChoice((c) => ({ ...c, entities: toggleEntity(c.entities, entity) }))
                      }
                      description={
                        <>
                          {t(`amocrm.choose.hint.${entity}`)}
                          {ticked.includes(entity) && needers.length > 0 && (
                            <> {t('amocrm.choose.neededBy', { list: needers.map(entityName).join(', ') })}</>
                          )}
                        </>
                      }
                    />
                    {count !== undefined && (
                      <Badge variant="light" color="indigo" data-testid={`count-${entity}`}>
                        {count}
                      </Badge>
                    )}
                  </Group>
                  {entity === 'events' && (
                    <Checkbox
                      ml="xl"
                      size="xs"
                      label={t('amocrm.choose.withFiles')}
                      checked={choice.withFiles}
                      disabled={!ticked.includes('events')}
                      onChange={(event) => {
                        const withFiles = event.currentTarget.checked;
                        setChoice((c) => ({ ...c, withFiles }));
                      }}
                    />
                  )}
                </Stack>
              );
            })}
          </Stack>
        </Stack>
      </Paper>

      {ticked.includes('pipelines') && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('amocrm.choose.pipelinesTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('amocrm.choose.pipelinesHint')}
            </Text>
            {source.pipelines.map((p) => (
              <SimpleGrid key={p.id} cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={4}>
                <Stack gap={2}>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {p.isMain && (
                      <Badge size="xs" variant="outline">
                        {t('amocrm.choose.main')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('amocrm.choose.stages', { list: p.stages.map((s) => s.name).join(', ') })}
                  </Text>
                </Stack>
                <Select
                  aria-label={t('amocrm.choose.pipelineTarget', { name: p.name })}
                  allowDeselect={false}
                  value={choice.pipelines[p.id] ?? NEW_PIPELINE}
                  data={[
                    ...pipelines.map((x) => ({ value: x.id, label: `→ ${x.name}` })),
                    { value: NEW_PIPELINE, label: `→ ${t('amocrm.choose.newPipeline')}` },
                  ]}
                  onChange={(value) => {
                    if (value !== null)
                      setChoice((c) => ({ ...c, pipelines: { ...c.pipelines, [p.id]: value } }));
                  }}
                />
              </SimpleGrid>
            ))}
          </Stack>
        </Paper>
      )}

      {ticked.includes('users') && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('amocrm.choose.usersTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('amocrm.choose.usersHint')}
            </Text>
            <Checkbox
              label={t('amocrm.choose.inviteUsers')}
              description={t('amocrm.choose.inviteUsersHint')}
              checked={choice.inviteUsers}
              data-testid="invite-users"
              onChange={(event) => {
                const inviteUsers = event.currentTarget.checked;
                setChoice((c) => ({ ...c, inviteUsers }));
              }}
            />
            {unmatched > 0 && (
              <Text size="sm" data-testid="unmatched-users">
                {choice.inviteUsers
                  ? t('amocrm.choose.unmatchedInvited', { count: unmatched })
                  : t('amocrm.choose.unmatched', { count: unmatched })}
              </Text>
            )}
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={6}>
                <Table.Tbody>
                  {source.users.map((u) => {
                    const value = choice.users[u.id] ?? u.match?.userId ?? DEFAULT_RESPONSIBLE;
                    return (
                      <Table.Tr key={u.id}>
                        <Table.Td>
                          <Text size="sm">{u.name}</Text>
                          <Text size="xs" c="dimmed">
                            {u.email}
                            {!u.active && ` · ${t('amocrm.choose.inactive')}`}
                          </Text>
                        </Table.Td>
                        <Table.Td w="50%">
                          <Select
                            aria-label={t('amocrm.choose.userTarget', { name: u.name })}
                            allowDeselect={false}
                            searchable
                            value={value}
                            data={[
                              {
                                value: DEFAULT_RESPONSIBLE,
                                label: `→ ${t('amocrm.choose.defaultResponsible', { name: me.name })}`,
                              },
                              ...users
                                .filter((x) => x.active)
                                .map((x) => ({
                                  value: x.id,
                                  label: `→ ${
                                    u.match?.userId === x.id
                                      ? t('amocrm.choose.matchedBy', { name: x.name })
                                      : x.name
                                  }`,
                                })),
                            ]}
                            onChange={(next) => {
                              if (next === null) return;
                              setChoice((c) => {
                                const byEmail = u.match?.userId ?? DEFAULT_RESPONSIBLE;
                                const others = Object.entries(c.users).filter(([id]) => Number(id) !== u.id);
                                return {
                                  ...c,
                                  users: Object.fromEntries(
                                    next === byEmail ? others : [...others, [u.id, next]],
                                  ),
                                };
                              });
                            }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md" aria-live="polite" data-testid="data-check">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('amocrm.check.title')}
          </Title>
          <ErrorAlert message={error} />
          {blocking !== undefined && (
            <Alert color="yellow" variant="light">
              {t('amocrm.check.activeRun', { status: t(`amocrm.run.status.${blocking.status}`) })}{' '}
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => void navigate(`/imports/amocrm/runs/${blocking.id}`)}
              >
                {t('amocrm.check.openActive')}
              </Button>
            </Alert>
          )}
          {draft === undefined && (
            <>
              <Text size="sm" c="dimmed">
                {t('amocrm.check.notChecked')}
              </Text>
              <div>
                <Button onClick={runCheck} loading={create.isPending} disabled={invalidPeriod !== null}>
                  {t('amocrm.check.run')}
                </Button>
              </div>
            </>
          )}
          {draft !== undefined && checking && (
            <Group gap="sm" wrap="nowrap" data-testid="check-pending">
              <Loader size="sm" />
              <Stack gap={0}>
                <Text size="sm">{t('amocrm.check.checking')}</Text>
                <Text size="xs" c="dimmed">
                  {t('amocrm.check.checkingHint')}
                </Text>
              </Stack>
            </Group>
          )}
          {draft !== undefined && !checking && check?.status === 'failed' && (
            <Alert color="red" variant="light" role="alert">
              {t('amocrm.check.failed', { error: check.error ?? '' })}
            </Alert>
          )}
          {draft !== undefined && !checking && counted !== null && (
            <>
              <Text fw={600} data-testid="check-summary">
                {t('amocrm.check.elements', { count: counted.total })}{' '}
                {t('amocrm.check.inCategories', { count: counted.categories })}
              </Text>
              <Text size="sm" c="dimmed">
                {ENTITIES.filter((e) => counted.counts[e] !== undefined)
                  .map((e) => `${entityName(e)} ${counted.counts[e] ?? 0}`)
                  .join(' · ')}
              </Text>
              <Text size="xs" c="dimmed" data-testid="effective-selection">
                {t('amocrm.choose.effective', {
                  list: withLinked(draft.selection.entities).map(entityName).join(', '),
                })}
              </Text>
              <div>
                <Button
                  onClick={() => void migrate()}
                  loading={action.isPending}
                  disabled={draft.status !== 'ready' || blocking !== undefined}
                >
                  {t('amocrm.check.migrate')}
                </Button>
              </div>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
