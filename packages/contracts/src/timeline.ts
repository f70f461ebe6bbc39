import { z } from 'zod';
import { idSchema } from './common.js';
import { storedFileSchema } from './files.js';
import { historyEntrySchema } from './platform.js';
import { taskEntitySchema, taskSchema } from './tasks.js';

// The record card's timeline (CORE-7): comments, notes and logged activities (calls, meetings, e-mails) on
// one deal, lead, contact or company, with @mentions, files and pins; read as one feed, newest first, that
// also carries the record's tasks and its system events (the change history).
//
// Text is Markdown (CommonMark): **bold**, *italic*, lists, [links](https://…), > quotes. The web renders it
// WITHOUT raw HTML (HTML in the text is shown as text) and only follows http(s) and mailto links. A mention
// is written in the text as the link `[@Name](mention:<userId>)` and listed in `mentions` — the list is what
// counts (checked against the account's users, and each newly mentioned user gets a notification event).

export const timelineEntitySchema = taskEntitySchema.describe('The kind of record the entry is on');
export type TimelineEntity = z.infer<typeof timelineEntitySchema>;

export const timelineKindSchema = z.enum(['comment', 'note', 'call', 'meeting', 'email']);
export type TimelineKind = z.infer<typeof timelineKindSchema>;

const datetime = z.iso.datetime({ offset: true });
const emailAddress = z.string().trim().max(254).pipe(z.email());

export const callDataSchema = z
  .object({
    direction: z.enum(['inbound', 'outbound']),
    durationSeconds: z.number().int().min(0).max(86_400).default(0).describe('0 for a call not answered'),
    phone: z.string().trim().min(1).max(50).nullable().default(null).describe('The other side’s number'),
    result: z
      .string()
      .trim()
      .max(1000)
      .nullable()
      .default(null)
      .describe('How it went: "не дозвонился", "договорились о замере"…'),
  })
  .meta({ id: 'CallData' });

export const meetingDataSchema = z
  .object({
    startsAt: datetime,
    endsAt: datetime,
    place: z.string().trim().max(500).nullable().default(null),
  })
  .refine((m) => Date.parse(m.endsAt) >= Date.parse(m.startsAt), {
    path: ['endsAt'],
    message: 'must not be before startsAt',
  })
  .meta({ id: 'MeetingData' });

export const emailDataSchema = z
  .object({
    subject: z.string().trim().max(998).default(''),
    from: emailAddress,
    to: z.array(emailAddress).min(1).max(50),
    cc: z.array(emailAddress).max(50).default([]),
  })
  .meta({ id: 'EmailData' });

/** Comments and notes carry everything in their text. */
export const emptyDataSchema = z.object({}).strict();

/** The `data` schema of each kind (for PATCH, where the kind is the stored one). */
export const timelineDataSchemas = {
  comment: emptyDataSchema,
  note: emptyDataSchema,
  call: callDataSchema,
  meeting: meetingDataSchema,
  email: emailDataSchema,
} as const;

const entryText = z
  .string()
  .max(50_000)
  .default('')
  .describe('Markdown (no raw HTML); for an e-mail, its body; for a call, a meeting, the notes');

const entryInput = {
  entity: timelineEntitySchema,
  entityId: idSchema,
  text: entryText,
  mentions: z
    .array(idSchema)
    .max(50)
    .default([])
    .describe('Users of the account mentioned in the text; each is notified once'),
  fileIds: z.array(idSchema).max(20).default([]).describe('Files uploaded with POST /api/files'),
};
const occurredAt = datetime.optional().describe('When it happened (a call logged afterwards); default: now');

export const createTimelineEntryBodySchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('comment'), ...entryInput }),
    z.object({ kind: z.literal('note'), ...entryInput }),
    z.object({ kind: z.literal('call'), ...entryInput, occurredAt, data: callDataSchema }),
    z.object({ kind: z.literal('meeting'), ...entryInput, occurredAt, data: meetingDataSchema }),
    z.object({ kind: z.literal('email'), ...entryInput, occurredAt, data: emailDataSchema }),
  ])
  .meta({ id: 'NewTimelineEntry' });

export const updateTimelineEntryBodySchema = z.object({
  text: z.string().max(50_000).optional(),
  mentions: z
    .array(idSchema)
    .max(50)
    .optional()
    .describe('Replaces the list; newly added users are notified'),
  fileIds: z.array(idSchema).max(20).optional().describe('Replaces the attached files'),
  occurredAt: datetime.optional().describe('Calls, meetings and e-mails only'),
  data: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'Fields to change in the entry’s data (merged into it); the result must be a valid CallData, MeetingData or EmailData for the entry’s kind',
    ),
});

const entryCommon = {
  id: idSchema,
  entity: timelineEntitySchema,
  entityId: idSchema,
  authorUserId: idSchema.nullable(),
  text: z.string(),
  mentions: z.array(idSchema),
  files: z.array(storedFileSchema),
  pinnedAt: datetime.nullable().describe('When it was pinned to the top of the card; null when not pinned'),
  occurredAt: datetime,
  version: z.number().int().describe('Pinning does not change it'),
  createdAt: datetime,
  updatedAt: datetime,
};

export const timelineEntrySchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('comment'), ...entryCommon, data: emptyDataSchema }),
    z.object({ kind: z.literal('note'), ...entryCommon, data: emptyDataSchema }),
    z.object({ kind: z.literal('call'), ...entryCommon, data: callDataSchema }),
    z.object({ kind: z.literal('meeting'), ...entryCommon, data: meetingDataSchema }),
    z.object({ kind: z.literal('email'), ...entryCommon, data: emailDataSchema }),
  ])
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineQuerySchema = z.object({
  entity: timelineEntitySchema,
  entityId: idSchema,
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const feedItem = {
  key: z.string().describe('Unique in the feed, e.g. `entry:<id>`, `task_completed:<id>`'),
  at: datetime.describe('The moment the feed is ordered by (newest first)'),
};

export const timelineFeedItemSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('entry'), ...feedItem, entry: timelineEntrySchema }),
    z.object({
      type: z.literal('task_created'),
      ...feedItem,
      task: taskSchema.describe('The task as it is now'),
    }),
    z.object({ type: z.literal('task_completed'), ...feedItem, task: taskSchema }),
    z.object({
      type: z.literal('event'),
      ...feedItem,
      event: historyEntrySchema.describe('A change of the record (created, field changes, stage moves…)'),
    }),
  ])
  .meta({ id: 'TimelineFeedItem' });
export type TimelineFeedItem = z.infer<typeof timelineFeedItemSchema>;

export const timelineFeedSchema = z
  .object({
    pinned: z
      .array(timelineEntrySchema)
      .describe('Pinned entries, newest pin first (up to 100; on the first page only, [] on later pages)'),
    items: z
      .array(timelineFeedItemSchema)
      .describe('Entries, tasks created and completed, and system events — newest first'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null at the end'),
  })
  .meta({ id: 'TimelineFeed' });
export type TimelineFeed = z.infer<typeof timelineFeedSchema>;
