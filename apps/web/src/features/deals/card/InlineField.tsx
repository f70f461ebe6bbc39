// One field of the card, shown as text and edited in place: the draft lives here until it is saved, so a
// refused save (422 at the field, 409 when someone else changed the deal) or a change arriving live never
// takes away what the user typed. Saves are sent against the version the editing started from.
import { useState, type ReactNode } from 'react';
import { ActionIcon, Alert, Box, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '@voronka/contracts';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { queryKeys } from '../../../lib/queryKeys';
import { useOwnVersions, useSaveDeal, type DealChanges } from './api';
import { useReasonText } from './reasons';

export interface FieldInputProps<D> {
  value: D;
  onChange: (value: D) => void;
  label: string;
  error: ReactNode;
}

export type ToChanges<C = DealChanges> = { changes: C } | { error: string };

/**
 * How a record other than a deal is saved (the lead card): its cached query and a mutation that sends
 * `changes` with If-Match of `version`. Without it the field saves the deal.
 */
export interface InlineSaveTarget<C> {
  queryKey: QueryKey;
  save: {
    mutate: (
      variables: { changes: C; version: number },
      callbacks: { onSuccess: () => void; onError: (cause: unknown) => void },
    ) => void;
    isPending: boolean;
  };
  /** The notes of a concurrent change, worded for the record («this lead»). */
  conflictText?: string;
  changedRemotelyText?: string;
}

export function InlineField<D, C = DealChanges>({
  deal,
  label,
  display,
  initial,
  input,
  toChanges,
  errorFields,
  externalError,
  onSaved,
  readOnly = false,
  readOnlyNote,
  displayOrder,
  required = false,
  target,
  describeReason,
}: {
  /** The record edited: a deal, or with `target` any record with an id and a version. */
  deal: Pick<Deal, 'id' | 'version'>;
  label: string;
  /** The value as text (null: nothing yet). */
  display: ReactNode;
  initial: () => D;
  input: (props: FieldInputProps<D>) => ReactNode;
  toChanges: (draft: D) => ToChanges<C>;
  /** The server's field paths that belong here (`name`, `customFields.<id>`). */
  errorFields: readonly string[];
  /** An error put here from elsewhere (a stage move the field blocks). */
  externalError?: string | null;
  onSaved?: () => void;
  readOnly?: boolean;
  readOnlyNote?: string;
  /** Heading level of the value (the deal name is the page title). */
  displayOrder?: 'title';
  /** Marks the label: the field must be filled at the deal's stage. */
  required?: boolean;
  /** Saves another kind of record (see InlineSaveTarget). */
  target?: InlineSaveTarget<C>;
  /**
   * The server's reason at one of `errorFields` in the user's words, given its path (`phones.1.value`);
   * by default the reasons the deal card knows.
   */
  describeReason?: (field: string, reason: string) => string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const reasonText = useReasonText();
  const queryClient = useQueryClient();
  const own = useOwnVersions();
  const dealSave = useSaveDeal(deal.id);
  // Without a target the changes are a deal's (C defaults to DealChanges).
  const save = target?.save ?? (dealSave as unknown as InlineSaveTarget<C>['save']);
  const recordKey = target?.queryKey ?? queryKeys.deal(deal.id);
  const [editing, setEditing] = useState<{ draft: D; baseVersion: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const stale = editing !== null && own.follow(editing.baseVersion) !== deal.version;
  const fieldError = error ?? (editing !== null ? (externalError ?? null) : null);

  const start = () => {
    setEditing({ draft: initial(), baseVersion: deal.version });
    setError(null);
    setConflict(false);
  };
  const cancel = () => {
    setEditing(null);
    setError(null);
    setConflict(false);
  };

  const reload = async () => {
    await queryClient.refetchQueries({ queryKey: recordKey, exact: true });
    const fresh = queryClient.getQueryData<{ version: number }>(recordKey);
    // The user's draft stays; from now on it is saved over the version they have just been shown.
    setEditing((current) =>
      current === null ? null : { ...current, baseVersion: fresh?.version ?? deal.version },
    );
    setConflict(false);
  };

  const submit = () => {
    if (editing === null) return;
    const result = toChanges(editing.draft);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    setError(null);
    save.mutate(
      { changes: result.changes, version: editing.baseVersion },
      {
        onSuccess: () => {
          setEditing(null);
          setConflict(false);
          onSaved?.();
        },
        onError: (cause) => {
          if (isApiError(cause) && cause.status === 409) {
            setConflict(true);
            return;
          }
          const fields = isApiError(cause) ? cause.fields : {};
          const own = errorFields.flatMap((name) => {
            const reason = fields[name];
            return reason === undefined ? [] : [{ name, reason }];
          });
          const first = own[0];
          setError(
            first === undefined
              ? errorText(cause)
              : describeReason !== undefined
                ? describeReason(first.name, first.reason)
                : reasonText(first.reason),
          );
        },
      },
    );
  };

  const value =
    display === null || display === '' ? (
      <Text c="dimmed" size="sm">
        {t('dealCard.empty')}
      </Text>
    ) : typeof display === 'string' ? (
      <Text
        size={displayOrder === 'title' ? 'xl' : 'sm'}
        fw={displayOrder === 'title' ? 700 : undefined}
        style={{ overflowWrap: 'anywhere' }}
      >
        {display}
      </Text>
    ) : (
      display
    );

  return (
    <Box role="group" aria-label={label} data-field={errorFields[0]}>
      {displayOrder !== 'title' && (
        <Text size="xs" c="dimmed" fw={500} mb={2}>
          {label}
          {required && (
            <Text span c="red" aria-hidden>
              {' *'}
            </Text>
          )}
        </Text>
      )}
      {editing === null ? (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Box
              style={{ flex: 1, minWidth: 0, cursor: readOnly ? undefined : 'text' }}
              onClick={readOnly ? undefined : start}
            >
              {value}
            </Box>
            {!readOnly && (
              <Tooltip label={t('dealCard.edit')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('dealCard.editField', { field: label })}
                  onClick={start}
                >
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          {readOnly && readOnlyNote !== undefined && (
            <Text size="xs" c="dimmed">
              {readOnlyNote}
            </Text>
          )}
          {externalError && (
            <Text size="xs" c="red" role="alert">
              {externalError}
            </Text>
          )}
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              cancel();
            }
          }}
        >
          <Stack gap={6}>
            {input({
              value: editing.draft,
              onChange: (draft) => setEditing((current) => (current === null ? null : { ...current, draft })),
              label,
              error: fieldError,
            })}
            {(conflict || stale) && (
              <Alert color="orange" variant="light" role="alert" p="xs">
                <Stack gap={6}>
                  <Text size="sm">
                    {conflict
                      ? (target?.conflictText ?? t('dealCard.conflict'))
                      : (target?.changedRemotelyText ?? t('dealCard.changedRemotely'))}
                  </Text>
                  <Group gap="xs">
                    <Button size="compact-xs" variant="light" color="orange" onClick={() => void reload()}>
                      {t('dealCard.reload')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
            <Group gap="xs" justify="flex-end">
              <Button size="compact-sm" variant="default" onClick={cancel}>
                {t('common.cancel')}
              </Button>
              <Button size="compact-sm" type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Box>
  );
}
