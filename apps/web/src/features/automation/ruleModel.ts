// The robot / trigger form as flat values, and the request body built from them (pure). Server field
// errors (`action.url`, `timing.field`, …) are mapped back onto the form's inputs.
import type {
  AutomationAction,
  AutomationConditionGroup,
  AutomationRule,
  AutomationTiming,
  CreateAutomationRuleBody,
} from '@voronka/contracts';

export const ACTION_TYPES = [
  'create_task',
  'notify_user',
  'send_email',
  'set_field',
  'change_stage',
  'change_responsible',
  'call_webhook',
  'add_comment',
  'copy_deal',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const TIMING_KINDS = ['immediately', 'delay', 'date_field', 'exact', 'after_previous'] as const;
export const TRIGGER_EVENTS = [
  'deal_created',
  'stage_entered',
  'field_changed',
  'task_done',
  'comment_added',
] as const;
export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'empty', 'not_empty'] as const;
export const BUILT_IN_FIELDS = [
  'name',
  'amount',
  'tags',
  'startDate',
  'closeDate',
  'sourceId',
  'responsibleUserId',
  'stageId',
] as const;
export const PLACEHOLDERS = [
  '{{deal.title}}',
  '{{deal.amount}}',
  '{{deal.responsible.name}}',
  '{{deal.stage.name}}',
  '{{contact.name}}',
  '{{contact.email}}',
  '{{contact.phone}}',
] as const;

export interface ConditionRow {
  field: string;
  operator: (typeof OPERATORS)[number];
  value: string;
}

export interface RuleFormValues {
  name: string;
  event: (typeof TRIGGER_EVENTS)[number];
  triggerStageId: string;
  triggerField: string;
  actionType: ActionType;
  text: string;
  subject: string;
  body: string;
  taskType: 'call' | 'meeting' | 'email' | 'other';
  deadlineInMinutes: number;
  userId: string;
  userIds: string[];
  field: string;
  value: string;
  targetStageId: string;
  url: string;
  /** copy_deal: a preset of Settings → Deal copies ('' for a plain copy) and whether the copy is anonymized. */
  copyPresetId: string;
  copyAnonymized: boolean;
  timingKind: (typeof TIMING_KINDS)[number];
  amount: number;
  unit: 'minutes' | 'hours' | 'days';
  dateField: string;
  direction: 'before' | 'after';
  at: string;
  workingHours: 'off' | 'account' | 'responsible';
  conditionsOp: 'and' | 'or';
  conditions: ConditionRow[];
  /** A nested group joined to the rows above (the "and/or" builder's second level). */
  groupOp: 'and' | 'or';
  group: ConditionRow[];
  active: boolean;
}

export const emptyValues = (): RuleFormValues => ({
  name: '',
  event: 'deal_created',
  triggerStageId: '',
  triggerField: '',
  actionType: 'create_task',
  text: '',
  subject: '',
  body: '',
  taskType: 'call',
  deadlineInMinutes: 1440,
  userId: '',
  userIds: [],
  field: 'name',
  value: '',
  targetStageId: '',
  url: '',
  copyPresetId: '',
  copyAnonymized: false,
  timingKind: 'immediately',
  amount: 10,
  unit: 'minutes',
  dateField: 'closeDate',
  direction: 'before',
  at: '',
  workingHours: 'off',
  conditionsOp: 'and',
  conditions: [],
  groupOp: 'or',
  group: [],
  active: true,
});

const rowOf = (item: AutomationConditionGroup['items'][number]): ConditionRow | null =>
  'op' in item
    ? null
    : { field: item.field, operator: item.operator, value: item.value == null ? '' : String(item.value) };

export function valuesOf(rule: AutomationRule): RuleFormValues {
  const values = emptyValues();
  values.name = rule.name;
  values.active = rule.active;
  if (rule.event) values.event = rule.event;
  values.triggerStageId = rule.kind === 'trigger' ? (rule.stageId ?? '') : '';
  values.triggerField = rule.field ?? '';
  const action = rule.action;
  values.actionType = action.type;
  switch (action.type) {
    case 'create_task':
      Object.assign(values, {
        text: action.text,
        taskType: action.taskType,
        deadlineInMinutes: action.deadlineInMinutes,
        userId: action.responsibleUserId ?? '',
      });
      break;
    case 'notify_user':
      Object.assign(values, { text: action.text, userId: action.userId ?? '' });
      break;
    case 'send_email':
      Object.assign(values, { subject: action.subject, body: action.body });
      break;
    case 'set_field':
      Object.assign(values, {
        field: action.field,
        value:
          typeof action.value === 'string'
            ? action.value
            : action.value == null
              ? ''
              : JSON.stringify(action.value),
      });
      break;
    case 'change_stage':
      values.targetStageId = action.stageId;
      break;
    case 'change_responsible':
      values.userIds = action.userIds;
      break;
    case 'call_webhook':
      Object.assign(values, { url: action.url, body: action.body ?? '' });
      break;
    case 'add_comment':
      values.text = action.text;
      break;
    case 'copy_deal':
      values.copyPresetId = action.options.presetId ?? '';
      values.copyAnonymized = action.options.anonymized ?? false;
      break;
  }
  const timing = rule.timing;
  values.timingKind = timing.kind;
  values.workingHours = timing.workingHours;
  if (timing.kind === 'delay') Object.assign(values, { amount: timing.amount, unit: timing.unit });
  if (timing.kind === 'date_field')
    Object.assign(values, {
      amount: timing.amount,
      unit: timing.unit,
      dateField: timing.field,
      direction: timing.direction,
    });
  if (timing.kind === 'exact') values.at = timing.at.slice(0, 16);
  if (rule.conditions) {
    values.conditionsOp = rule.conditions.op;
    values.conditions = rule.conditions.items.map(rowOf).filter((r): r is ConditionRow => r !== null);
    const nested = rule.conditions.items.find((item) => 'op' in item);
    if (nested && 'op' in nested) {
      values.groupOp = nested.op;
      values.group = nested.items.map(rowOf).filter((r): r is ConditionRow => r !== null);
    }
  }
  return values;
}

const valueOfRow = (row: ConditionRow) =>
  row.operator === 'empty' || row.operator === 'not_empty' ? undefined : row.value;

export function actionOf(v: RuleFormValues): AutomationAction {
  switch (v.actionType) {
    case 'create_task':
      return {
        type: 'create_task',
        text: v.text,
        taskType: v.taskType,
        deadlineInMinutes: v.deadlineInMinutes,
        responsibleUserId: v.userId || null,
      };
    case 'notify_user':
      return { type: 'notify_user', text: v.text, userId: v.userId || null };
    case 'send_email':
      return { type: 'send_email', subject: v.subject, body: v.body };
    case 'set_field':
      return { type: 'set_field', field: v.field, value: v.value === '' ? null : v.value };
    case 'change_stage':
      return { type: 'change_stage', stageId: v.targetStageId };
    case 'change_responsible':
      return { type: 'change_responsible', userIds: v.userIds };
    case 'call_webhook':
      return { type: 'call_webhook', url: v.url.trim(), ...(v.body.trim() ? { body: v.body } : {}) };
    case 'add_comment':
      return { type: 'add_comment', text: v.text };
    case 'copy_deal':
      return {
        type: 'copy_deal',
        options: {
          ...(v.copyPresetId ? { presetId: v.copyPresetId } : {}),
          ...(v.copyAnonymized ? { anonymized: true } : {}),
        },
      };
  }
}

export function timingOf(v: RuleFormValues): AutomationTiming {
  const workingHours = v.workingHours;
  switch (v.timingKind) {
    case 'immediately':
    case 'after_previous':
      return { kind: v.timingKind, workingHours };
    case 'delay':
      return { kind: 'delay', amount: v.amount, unit: v.unit, workingHours };
    case 'date_field':
      return {
        kind: 'date_field',
        field: v.dateField,
        direction: v.direction,
        amount: v.amount,
        unit: v.unit,
        workingHours,
      };
    case 'exact':
      return { kind: 'exact', at: v.at ? new Date(v.at).toISOString() : '', workingHours };
  }
}

export function conditionsOf(v: RuleFormValues): AutomationConditionGroup | null {
  const rows = (list: ConditionRow[]) =>
    list.filter((r) => r.field).map((r) => ({ field: r.field, operator: r.operator, value: valueOfRow(r) }));
  const items: AutomationConditionGroup['items'] = rows(v.conditions);
  const group = rows(v.group);
  if (group.length > 0) items.push({ op: v.groupOp, items: group });
  return items.length > 0 ? { op: v.conditionsOp, items } : null;
}

export function bodyOf(
  v: RuleFormValues,
  target:
    { kind: 'robot'; pipelineId: string; stageId: string } | { kind: 'trigger'; pipelineId: string | null },
): CreateAutomationRuleBody {
  const common = {
    name: v.name.trim(),
    action: actionOf(v),
    timing: timingOf(v),
    conditions: conditionsOf(v),
    active: v.active,
  };
  if (target.kind === 'robot')
    return { kind: 'robot', pipelineId: target.pipelineId, stageId: target.stageId, ...common };
  return {
    kind: 'trigger',
    event: v.event,
    pipelineId: target.pipelineId,
    stageId: v.event === 'stage_entered' && v.triggerStageId ? v.triggerStageId : null,
    field: v.event === 'field_changed' && v.triggerField ? v.triggerField : null,
    ...common,
  };
}

/** The form input a server field error belongs to. */
export function formFieldOf(serverField: string): keyof RuleFormValues | null {
  const map: Record<string, keyof RuleFormValues> = {
    name: 'name',
    stageId: 'triggerStageId',
    field: 'triggerField',
    'action.text': 'text',
    'action.subject': 'subject',
    'action.body': 'body',
    'action.userId': 'userId',
    'action.responsibleUserId': 'userId',
    'action.field': 'field',
    'action.stageId': 'targetStageId',
    'action.url': 'url',
    'timing.field': 'dateField',
    'timing.amount': 'amount',
    'timing.at': 'at',
  };
  if (serverField.startsWith('action.userIds')) return 'userIds';
  if (serverField.startsWith('conditions')) return 'conditions';
  return map[serverField] ?? null;
}

/** Required inputs of the chosen action, checked before sending. */
export function missing(v: RuleFormValues): (keyof RuleFormValues)[] {
  const out: (keyof RuleFormValues)[] = [];
  if (!v.name.trim()) out.push('name');
  const needsText = ['create_task', 'notify_user', 'add_comment'].includes(v.actionType);
  if (needsText && !v.text.trim()) out.push('text');
  if (v.actionType === 'send_email') {
    if (!v.subject.trim()) out.push('subject');
    if (!v.body.trim()) out.push('body');
  }
  if (v.actionType === 'change_stage' && !v.targetStageId) out.push('targetStageId');
  if (v.actionType === 'change_responsible' && v.userIds.length === 0) out.push('userIds');
  if (v.actionType === 'call_webhook' && !/^https?:\/\/\S+$/.test(v.url.trim())) out.push('url');
  if (v.timingKind === 'exact' && !v.at) out.push('at');
  return out;
}
