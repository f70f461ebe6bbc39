// The Markdown text box of the composer (and of editing an entry): bold, italic and list buttons, an
// @mention picker of the account's users (opened by the button or by typing @), and attached files
// uploaded at once (POST /api/files) so only their ids go with the entry.
import { useEffect, useRef, useState } from 'react';
import {
  ActionIcon,
  Badge,
  CloseButton,
  FileButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconAt, IconBold, IconItalic, IconList, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { User } from '@voronka/contracts';
import { useErrorText } from '../../lib/errors';
import { uploadFile } from './api';
import {
  insertText,
  mentionMarkdown,
  mentionQueryAt,
  toggleList,
  wrapSelection,
  type TextEdit,
} from './markdown';

export interface Attachment {
  key: number;
  name: string;
  /** Set once uploaded. */
  fileId: string | null;
  error: string | null;
}

let attachmentKey = 1;

export function MarkdownEditor({
  label,
  value,
  onChange,
  users,
  attachments,
  onAttachmentsChange,
  error,
  autoFocus,
  minRows = 3,
  onSubmitShortcut,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  users: readonly User[];
  attachments?: Attachment[];
  onAttachmentsChange?: (update: (current: Attachment[]) => Attachment[]) => void;
  error?: React.ReactNode;
  autoFocus?: boolean;
  minRows?: number;
  /** Ctrl+Enter / ⌘+Enter. */
  onSubmitShortcut?: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState(0);
  const pendingSelection = useRef<[number, number] | null>(null);

  // Restores the selection after a toolbar edit has re-rendered the text.
  useEffect(() => {
    const selection = pendingSelection.current;
    const area = ref.current;
    if (selection === null || area === null) return;
    pendingSelection.current = null;
    area.focus();
    area.setSelectionRange(selection[0], selection[1]);
    setCaret(selection[1]);
  }, [value]);

  const current = (): TextEdit => {
    const area = ref.current;
    return {
      value,
      selectionStart: area?.selectionStart ?? value.length,
      selectionEnd: area?.selectionEnd ?? value.length,
    };
  };
  const apply = (edit: TextEdit) => {
    pendingSelection.current = [edit.selectionStart, edit.selectionEnd];
    setDismissedAt(null);
    onChange(edit.value);
  };

  const mention = caret === null || dismissedAt === caret ? null : mentionQueryAt(value, caret);
  const query = mention?.query.toLowerCase() ?? '';
  const candidates =
    mention === null
      ? []
      : users.filter((user) => user.active && user.name.toLowerCase().includes(query)).slice(0, 8);
  const open = mention !== null && candidates.length > 0;
  const chosen = Math.min(highlight, Math.max(0, candidates.length - 1));

  const pick = (user: User) => {
    if (mention === null || caret === null) return;
    apply(
      insertText(
        { value, selectionStart: mention.start, selectionEnd: caret },
        `${mentionMarkdown(user.name, user.id)} `,
      ),
    );
    setHighlight(0);
  };

  const attach = (files: File[]) => {
    if (onAttachmentsChange === undefined) return;
    for (const file of files) {
      const key = attachmentKey++;
      onAttachmentsChange((list) => [...list, { key, name: file.name, fileId: null, error: null }]);
      uploadFile(file).then(
        (stored) =>
          onAttachmentsChange((list) =>
            list.map((item) => (item.key === key ? { ...item, fileId: stored.id } : item)),
          ),
        (cause: unknown) =>
          onAttachmentsChange((list) =>
            list.map((item) => (item.key === key ? { ...item, error: errorText(cause) } : item)),
          ),
      );
    }
  };

  const tool = (name: string, icon: React.ReactNode, onClick: () => void) => (
    <Tooltip label={name}>
      <ActionIcon variant="subtle" color="gray" aria-label={name} onClick={onClick}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );

  const listId = `mention-list-${label.replace(/\W+/g, '-')}`;

  return (
    <Stack gap={4}>
      <Group gap={2} role="toolbar" aria-label={t('timeline.formatting')}>
        {tool(t('timeline.formatBold'), <IconBold size={16} />, () => apply(wrapSelection(current(), '**')))}
        {tool(t('timeline.formatItalic'), <IconItalic size={16} />, () =>
          apply(wrapSelection(current(), '*')),
        )}
        {tool(t('timeline.formatList'), <IconList size={16} />, () => apply(toggleList(current())))}
        {tool(t('timeline.mention'), <IconAt size={16} />, () => {
          const edit = current();
          const before = edit.value.slice(0, edit.selectionStart);
          const space = before === '' || /\s$/.test(before) ? '' : ' ';
          apply(insertText(edit, `${space}@`));
        })}
        {onAttachmentsChange !== undefined && (
          <FileButton onChange={attach} multiple>
            {(props) => (
              <Tooltip label={t('timeline.attach')}>
                <ActionIcon {...props} variant="subtle" color="gray" aria-label={t('timeline.attach')}>
                  <IconPaperclip size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
      </Group>
      <Textarea
        ref={ref}
        aria-label={label}
        placeholder={t('timeline.placeholder')}
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          setCaret(event.currentTarget.selectionStart);
          setDismissedAt(null);
          setHighlight(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (open) {
            const user = candidates[chosen];
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              setHighlight((chosen + 1) % candidates.length);
              return;
            }
            if (event.key === 'ArrowUp') {
              event.preventDefault();
              setHighlight((chosen - 1 + candidates.length) % candidates.length);
              return;
            }
            if ((event.key === 'Enter' || event.key === 'Tab') && user !== undefined) {
              event.preventDefault();
              pick(user);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setDismissedAt(caret);
              return;
            }
          }
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmitShortcut !== undefined) {
            event.preventDefault();
            onSubmitShortcut();
          }
        }}
        error={error}
        autosize
        minRows={minRows}
        maxRows={16}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
      />
      {open && (
        <Paper
          withBorder
          shadow="sm"
          p={4}
          id={listId}
          role="listbox"
          aria-label={t('timeline.mentionPicker')}
        >
          {candidates.map((user, index) => (
            <UnstyledButton
              key={user.id}
              role="option"
              aria-selected={index === chosen}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(user)}
              display="block"
              w="100%"
              px="xs"
              py={4}
              style={{
                borderRadius: 4,
                background: index === chosen ? 'var(--mantine-color-indigo-light)' : undefined,
              }}
            >
              <Text size="sm">{user.name}</Text>
              <Text size="xs" c="dimmed">
                {user.email}
              </Text>
            </UnstyledButton>
          ))}
        </Paper>
      )}
      {attachments !== undefined && attachments.length > 0 && (
        <Group gap={6}>
          {attachments.map((item) => (
            <Badge
              key={item.key}
              variant="light"
              color={item.error !== null ? 'red' : 'gray'}
              tt="none"
              leftSection={
                item.fileId === null && item.error === null ? (
                  <Loader size={10} />
                ) : (
                  <IconPaperclip size={12} />
                )
              }
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={t('timeline.removeFile', { name: item.name })}
                  onClick={() =>
                    onAttachmentsChange?.((list) => list.filter((other) => other.key !== item.key))
                  }
                />
              }
              title={item.error ?? item.name}
            >
              {item.name}
              {item.error !== null && ` — ${item.error}`}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
