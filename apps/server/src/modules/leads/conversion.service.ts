// Lead conversion (CORE-2, 004 ch. 3 "в один клик конвертировать лид в сделку или контакт"): one request
// turns a lead into a deal, a contact and / or a company, in ONE transaction — all of it happens or nothing
// does. What goes where:
// - the person (names, position) becomes the contact, with the lead's phones, e-mails, sites and messengers;
//   the company name becomes the company (which gets the channels only when no contact is made, and the
//   address when it is made — otherwise the contact gets the address);
// - the deal takes the lead's title (or the name given), amount, currency, source and responsible user, the
//   contact as its primary contact and the company; the contact is linked to the company;
// - custom fields travel by `code`: a lead field's value goes to the target's field with the same code, type
//   and multiplicity (list options by label); values given in `deal.customFields` win;
// - a repeat lead (linked to an existing contact / company) gives those to the deal unless the request names
//   others;
// - the lead becomes Converted with the ids of what it became; its open tasks and its timeline move to the
//   deal (or, without a deal, to the contact, else the company).
// Refused: a junk or already converted lead (409), another account's lead (404), another account's contact
// or company (422 at the field), with leads turned off (409 leads_disabled). Errors of the records made
// name the conversion's fields: `body.deal.customFields.<id>`, `body.contact.emails.0.value`, …
import {
  createCompanyBodySchema,
  createContactBodySchema,
  type createDealBodySchema,
  type updateContactBodySchema,
  type convertLeadBodySchema,
  type CustomField,
  type CustomFieldEntity,
  type FieldError,
  type Lead,
  type LeadConversion,
} from '@voronka/contracts';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB, Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { AppError, conflict, invalidField, invalidFields, notFound } from '../../platform/errors.js';
import { carriedValues } from './lead-rules.js';
import type { LeadStatusesRepository } from './lead-statuses.repository.js';
import { presentLead } from './leads.presenter.js';
import type { LeadsRepository } from './leads.repository.js';
import { leadsDisabled, type LeadAccountSettings } from './leads.service.js';

type ConvertBody = z.output<typeof convertLeadBodySchema>;
type Trx = Transaction<DB>;

/**
 * What conversion needs from the contacts, companies and deals modules (through their index.ts): finding a
 * record of the account and creating (or, for a contact's company links, changing) one inside the caller's
 * transaction.
 */
export interface ConversionTargets {
  contacts: {
    find(trx: Db, accountId: string, id: string): Promise<{ id: string; companyIds: string[] } | undefined>;
    create(actor: Actor, body: z.output<typeof createContactBodySchema>, trx: Trx): Promise<{ id: string }>;
    update(
      actor: Actor,
      id: string,
      body: z.output<typeof updateContactBodySchema>,
      ifMatch: number | undefined,
      trx: Trx,
    ): Promise<unknown>;
  };
  companies: {
    find(trx: Db, accountId: string, id: string): Promise<{ id: string } | undefined>;
    create(actor: Actor, body: z.output<typeof createCompanyBodySchema>, trx: Trx): Promise<{ id: string }>;
  };
  deals: {
    create(
      actor: Actor,
      body: z.input<typeof createDealBodySchema>,
      trx: Trx,
      origin: { leadId: string },
    ): Promise<{ id: string }>;
  };
  /** The account's custom field definitions of an entity. */
  fieldsOf(actor: Actor, entity: CustomFieldEntity): Promise<CustomField[]>;
}

export interface ConversionDeps {
  db: Db;
  repo: LeadsRepository;
  statuses: LeadStatusesRepository;
  events: EventBus;
  accountOf: (actor: Actor) => Promise<LeadAccountSettings>;
  targets: ConversionTargets;
}

/** Runs a part of the conversion and moves its field errors under `prefix` (`body.x` → `body.deal.x`). */
async function under<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.extra.errors) {
      const errors = error.extra.errors.map((e) => ({
        field: e.field.startsWith('body.')
          ? `${prefix}.${e.field.slice(5)}`
          : e.field === 'body'
            ? prefix
            : e.field,
        reason: e.reason,
      }));
      throw new AppError(error.status, error.code, errors.map((e) => `${e.field}: ${e.reason}`).join('; '), {
        errors,
      });
    }
    throw error;
  }
}

/** A body parsed with the target's own schema (its defaults and limits), errors under `prefix`. */
function parsed<S extends z.ZodType>(schema: S, input: z.input<S>, prefix: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidFields(
    result.error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].join('.'), reason: i.message })),
  );
}

export function createLeadConversionService(deps: ConversionDeps) {
  const { db, repo, statuses, events } = deps;

  async function load(trx: Db, accountId: string, id: string) {
    const row = await repo.find(trx, accountId, id);
    if (!row) throw notFound('Lead');
    return presentLead(row, await repo.channelsOf(trx, accountId, [id]));
  }

  function refuseClosed(kind: Lead['statusKind']) {
    if (kind === 'converted') throw conflict('lead_already_converted', 'The lead is already converted');
    if (kind === 'junk')
      throw conflict('lead_junk', 'A junk lead cannot be converted; move it back to an open status first');
  }

  return {
    async convert(
      actor: Actor,
      id: string,
      body: ConvertBody,
      ifMatch: number | undefined,
    ): Promise<LeadConversion> {
      const first = await repo.find(db, actor.accountId, id);
      if (!first) throw notFound('Lead');
      if (!(await deps.accountOf(actor)).leadsEnabled) throw leadsDisabled();
      if (!body.deal && !body.contact && !body.company)
        throw invalidField('body', 'Choose at least one of deal, contact and company');
      refuseClosed(first.status_kind);
      const { targets } = deps;
      const createContact = body.contact !== undefined && 'create' in body.contact;
      const createCompany = body.company !== undefined && 'create' in body.company;
      const chosenContact = body.contact && 'id' in body.contact ? body.contact.id : null;
      const chosenCompany = body.company && 'id' in body.company ? body.company.id : null;

      // Field definitions are read before the transaction (PGlite has one connection).
      const fieldsOf = async (entity: CustomFieldEntity, wanted: boolean) =>
        wanted ? targets.fieldsOf(actor, entity) : [];
      const leadFields = await fieldsOf('lead', true);
      const dealFields = await fieldsOf('deal', body.deal !== undefined);
      const contactFields = await fieldsOf('contact', createContact);
      const companyFields = await fieldsOf('company', createCompany);

      return db.transaction().execute(async (trx) => {
        const accountId = actor.accountId;
        const row = await repo.lock(trx, accountId, id);
        if (!row) throw notFound('Lead');
        if (ifMatch !== undefined && ifMatch !== row.version)
          throw conflict('stale_version', 'The lead was changed by someone else; reload it and try again');
        const lead = presentLead(row, await repo.channelsOf(trx, accountId, [id]));
        refuseClosed(lead.statusKind);

        const errors: FieldError[] = [];
        if (createContact && !lead.firstName && !lead.lastName)
          errors.push({ field: 'body.contact', reason: 'The lead names no person to make a contact of' });
        if (createCompany && !lead.companyName)
          errors.push({ field: 'body.company', reason: 'The lead names no company to make a company of' });
        const chosen = chosenContact ? await targets.contacts.find(trx, accountId, chosenContact) : undefined;
        if (chosenContact && !chosen) errors.push({ field: 'body.contact.id', reason: 'No such contact' });
        if (chosenCompany && !(await targets.companies.find(trx, accountId, chosenCompany)))
          errors.push({ field: 'body.company.id', reason: 'No such company' });
        if (errors.length > 0) throw invalidFields(errors);

        const converted = (await statuses.list(trx, accountId)).find((s) => s.kind === 'converted');
        if (!converted) throw new Error(`account ${accountId} has no converted lead status`);
        const channels = {
          phones: lead.phones.map((p) => ({ value: p.value, type: p.type })),
          emails: lead.emails.map((e) => ({ value: e.value, type: e.type })),
          sites: lead.sites,
          messengers: lead.messengers,
        };
        // A repeat lead's own contact and company serve the deal unless the request names others.
        const contactToUse = chosenContact ?? (body.contact ? null : lead.contactId);
        const companyToUse = chosenCompany ?? (body.company ? null : lead.companyId);

        let companyId = companyToUse;
        if (body.company && 'create' in body.company) {
          const input = parsed(
            createCompanyBodySchema,
            {
              name: lead.companyName ?? '',
              address: lead.address,
              responsibleUserId: lead.responsibleUserId,
              ...(createContact ? {} : channels),
              contactIds: contactToUse ? [contactToUse] : [],
              customFields: {
                ...carriedValues(leadFields, companyFields, lead.customFields, null),
                ...body.company.customFields,
              },
            },
            'body.company',
          );
          companyId = (await under('body.company', () => targets.companies.create(actor, input, trx))).id;
        }

        let contactId = contactToUse;
        if (body.contact && 'create' in body.contact) {
          const input = parsed(
            createContactBodySchema,
            {
              firstName: lead.firstName,
              lastName: lead.lastName,
              middleName: lead.middleName,
              position: lead.position,
              address: createCompany ? null : lead.address,
              responsibleUserId: lead.responsibleUserId,
              ...channels,
              companyIds: companyId ? [companyId] : [],
              customFields: {
                ...carriedValues(leadFields, contactFields, lead.customFields, null),
                ...body.contact.customFields,
              },
            },
            'body.contact',
          );
          contactId = (await under('body.contact', () => targets.contacts.create(actor, input, trx))).id;
        } else if (contactId && companyId && !createCompany && (chosenContact || chosenCompany)) {
          // Existing records the request brings together: the person works there from now on.
          const contact = chosen ?? (await targets.contacts.find(trx, accountId, contactId));
          if (contact && !contact.companyIds.includes(companyId)) {
            const companyIds = [...contact.companyIds, companyId];
            await under('body.contact', () =>
              targets.contacts.update(actor, contact.id, { companyIds }, undefined, trx),
            );
          }
        }

        let dealId: string | null = null;
        if (body.deal) {
          const { pipelineId, stageId, name, customFields } = body.deal;
          const input: z.input<typeof createDealBodySchema> = {
            name: name ?? lead.name,
            ...(lead.amount !== null ? { amount: lead.amount } : {}),
            currency: lead.currency,
            pipelineId,
            ...(stageId ? { stageId } : {}),
            responsibleUserId: lead.responsibleUserId,
            companyId,
            sourceId: lead.sourceId,
            contacts: contactId ? [{ id: contactId, isPrimary: true }] : [],
            customFields: {
              ...carriedValues(leadFields, dealFields, lead.customFields, pipelineId),
              ...customFields,
            },
          };
          dealId = (await under('body.deal', () => targets.deals.create(actor, input, trx, { leadId: id })))
            .id;
        }

        // The work on the lead goes on where the client now lives.
        const destination = dealId
          ? { deal_id: dealId }
          : contactId
            ? { contact_id: contactId }
            : companyId
              ? { company_id: companyId }
              : null;
        const movedTasks = destination ? await repo.moveOpenTasks(trx, accountId, id, destination) : [];
        const movedTimeline = destination ? await repo.moveTimeline(trx, accountId, id, destination) : [];

        const result = {
          dealId,
          contactId: createContact || chosenContact ? contactId : null,
          companyId: createCompany || chosenCompany ? companyId : null,
        };
        await repo.markConverted(trx, accountId, id, {
          status_id: converted.id,
          converted_deal_id: result.dealId,
          converted_contact_id: result.contactId,
          converted_company_id: result.companyId,
        });
        const after = await load(trx, accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'lead.converted',
          entity: 'lead',
          entityId: id,
          payload: {
            name: lead.name,
            ...result,
            created: { deal: dealId !== null, contact: createContact, company: createCompany },
            movedTaskIds: movedTasks,
            movedTimelineEntryIds: movedTimeline,
            changes: diffRecords(lead, after, [
              'version',
              'updatedAt',
              'statusKind',
              'nextTaskAt',
              'noTaskPlanned',
            ]),
          },
        });
        return { lead: after, ...result };
      });
    },
  };
}
export type LeadConversionService = ReturnType<typeof createLeadConversionService>;
