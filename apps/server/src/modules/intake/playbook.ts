// The playbook of seed 001 ("Обработка входящих сообщений") as a template an account can be given: a
// pipeline whose requests land in «Неразобранное» and end in «Корзина» (its Lost stage, the trash — ADR
// 0013), the stages the manager moves a request to («Замер» when the client is ready, «Думает» when not),
// the deal fields the playbook asks the manager to fill, a web form wired to the pipeline, and the
// playbook's 10-minute response SLA. The demo account is given it (main/demo-data.ts).
//
// The rule "not ready → «Думает» with a follow-up task" is a robot of the «Думает» stage (automation module,
// ADR 0017): a call task for the deal's responsible, due the next day.
import type { AutomationRule, Form, Pipeline, SlaPolicy } from '@voronka/contracts';
import { createCustomFieldBodySchema } from '@voronka/contracts';
import { conflict, forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/http/index.js';
import type { AutomationService } from '../automation/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { PipelinesService } from '../pipelines/index.js';
import type { IntakeService } from './intake.service.js';

export interface PlaybookDeps {
  pipelines: Pick<PipelinesService, 'create' | 'get' | 'updateStage'>;
  customFields: Pick<CustomFieldsService, 'create' | 'list'>;
  intake: Pick<IntakeService, 'createForm' | 'savePolicy' | 'listForms'>;
  automation: Pick<AutomationService, 'create'>;
}

/** Seed 001: the stages, in order. Unsorted, Won and Lost are the pipeline's system stages. */
export const MEASUREMENT_PLAYBOOK = {
  pipelineName: 'Заявки на замер',
  unsorted: 'Неразобранное',
  open: [
    { name: 'Первичный контакт', color: '#99ccff' },
    { name: 'Замер', color: '#ffcc66' },
    { name: 'Думает', color: '#ffdd99' },
    { name: 'Заключение договора', color: '#ff9966' },
  ],
  won: 'Успешно реализовано',
  trash: 'Корзина',
  slaMinutes: 10,
  /** Seed 001: a client not ready for a measurement is called again. */
  followUp: {
    stage: 'Думает',
    name: 'Перезвонить клиенту, который думает',
    task: 'Перезвонить: клиент думает — {{deal.title}}',
    inMinutes: 24 * 60,
  },
  /** What the manager finds out (seed 001, 3.2 and 3.3), as custom fields of deals in this pipeline. */
  fields: [
    { code: 'measure_at', name: 'Дата и время замера', type: 'datetime' },
    { code: 'measure_address', name: 'Адрес замера', type: 'string' },
    { code: 'measure_scope', name: 'Объём работ', type: 'text' },
    { code: 'heard_from', name: 'Источник информации о компании', type: 'string' },
    { code: 'wanted_product', name: 'Интересующий продукт', type: 'string' },
    { code: 'next_contact_on', name: 'Дата следующего контакта', type: 'date' },
    { code: 'measure_refusal', name: 'Причина отказа от замера', type: 'text' },
  ],
  form: {
    name: 'Заявка на замер',
    consent:
      'Я согласен на обработку персональных данных в соответствии с политикой конфиденциальности ' +
      '(152-ФЗ «О персональных данных»).',
    thankYouText: 'Спасибо! Менеджер перезвонит вам в течение 10 минут.',
  },
} as const;

export type PlaybookFieldCode = (typeof MEASUREMENT_PLAYBOOK.fields)[number]['code'];

export interface InstalledPlaybook {
  pipeline: Pipeline;
  /** The pipeline's stages by name (for the robots that will move deals, e.g. to «Думает»). */
  stageIds: Record<string, string>;
  fields: Record<PlaybookFieldCode, { id: string; name: string; code: string | null }>;
  form: Form;
  sla: SlaPolicy;
  /** The «Думает» stage's follow-up robot. */
  followUp: AutomationRule;
}

/**
 * Gives the account the playbook: the pipeline, its fields (an existing deal field with the same code is
 * reused, so installing twice creates no duplicates of them), the form and the SLA. An administrator acts.
 */
export async function installMeasurementPlaybook(
  deps: PlaybookDeps,
  actor: Actor,
  options: { responsibleUserId?: string } = {},
): Promise<InstalledPlaybook> {
  // Checked first: the steps below are separate writes, so a refusal half-way would leave a part behind.
  if (actor.role !== 'admin') throw forbidden('Only an administrator may install a playbook');
  const p = MEASUREMENT_PLAYBOOK;
  // Its form's name is the one write that can be refused later (names are unique): checked up front too.
  if ((await deps.intake.listForms(actor)).items.some((f) => f.name === p.form.name))
    throw conflict('playbook_installed', `The account already has the form “${p.form.name}”`);
  const created = await deps.pipelines.create(actor, { name: p.pipelineName, stages: [...p.open] });
  for (const stage of created.stages) {
    const name = stage.kind === 'unsorted' ? p.unsorted : stage.kind === 'won' ? p.won : p.trash;
    if (stage.kind !== 'open' && stage.name !== name)
      await deps.pipelines.updateStage(actor, stage.id, { name });
  }
  const pipeline = await deps.pipelines.get(actor, created.id);

  const existing = new Map(
    (await deps.customFields.list(actor, 'deal')).flatMap((f) => (f.code ? [[f.code, f]] : [])),
  );
  const fields = {} as InstalledPlaybook['fields'];
  for (const field of p.fields) {
    fields[field.code] =
      existing.get(field.code) ??
      (
        await deps.customFields.create(
          actor,
          createCustomFieldBodySchema.parse({
            entity: 'deal',
            type: field.type,
            name: field.name,
            code: field.code,
            pipelineIds: [pipeline.id],
          }),
        )
      ).field;
  }

  const form = await deps.intake.createForm(actor, {
    name: p.form.name,
    pipelineId: pipeline.id,
    ...(options.responsibleUserId ? { responsibleUserId: options.responsibleUserId } : {}),
    fields: [
      { key: 'name', label: 'Ваше имя', target: 'name', customFieldId: null, required: true },
      { key: 'phone', label: 'Телефон', target: 'phone', customFieldId: null, required: true },
      {
        key: 'address',
        label: 'Адрес объекта',
        target: 'dealField',
        customFieldId: fields.measure_address.id,
        required: false,
      },
      {
        key: 'scope',
        label: 'Что нужно сделать',
        target: 'dealField',
        customFieldId: fields.measure_scope.id,
        required: false,
      },
      { key: 'comment', label: 'Комментарий', target: 'comment', customFieldId: null, required: false },
    ],
    consent: { required: true, text: p.form.consent },
    thankYouText: p.form.thankYouText,
    active: true,
  });
  const sla = await deps.intake.savePolicy(actor, pipeline.id, {
    minutes: p.slaMinutes,
    workingHours: false,
    reassignToHead: false,
  });
  const stageIds = Object.fromEntries(pipeline.stages.map((s) => [s.name, s.id]));
  const followUp = await deps.automation.create(actor, {
    kind: 'robot',
    pipelineId: pipeline.id,
    stageId: stageIds[p.followUp.stage] as string,
    name: p.followUp.name,
    action: {
      type: 'create_task',
      text: p.followUp.task,
      taskType: 'call',
      deadlineInMinutes: p.followUp.inMinutes,
      responsibleUserId: null,
    },
    timing: { kind: 'immediately', workingHours: 'off' },
    conditions: null,
    active: true,
  });
  return { pipeline, stageIds, fields, form, sla, followUp };
}
