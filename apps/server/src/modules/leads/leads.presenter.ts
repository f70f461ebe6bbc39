import { canonicalDecimal, type Lead } from '@voronka/contracts';
import { presentChannels, type ChannelRow } from '../contacts/index.js';
import { personNameOf } from './lead-rules.js';
import type { LeadRow } from './leads.repository.js';

export function presentLead(row: LeadRow, channels: readonly ChannelRow[]): Lead {
  const nextTaskAt = row.next_task_at === null ? null : new Date(row.next_task_at);
  return {
    id: row.id,
    name: row.name,
    statusId: row.status_id,
    statusKind: row.status_kind,
    firstName: row.first_name,
    lastName: row.last_name,
    middleName: row.middle_name,
    personName: personNameOf({
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
    }),
    position: row.position,
    companyName: row.company_name,
    address: row.address,
    comment: row.comment,
    // numeric(17,2) comes back padded ("150000.00"); the API speaks canonical decimals everywhere.
    amount: row.amount === null ? null : (canonicalDecimal(row.amount) ?? row.amount),
    currency: row.currency,
    sourceId: row.source_id,
    responsibleUserId: row.responsible_user_id,
    contactId: row.contact_id,
    companyId: row.company_id,
    repeat: row.contact_id !== null || row.company_id !== null,
    ...presentChannels(channels.filter((c) => c.owner_id === row.id)),
    customFields: row.custom_fields,
    convertedAt: row.converted_at?.toISOString() ?? null,
    convertedDealId: row.converted_deal_id,
    convertedContactId: row.converted_contact_id,
    convertedCompanyId: row.converted_company_id,
    nextTaskAt: nextTaskAt?.toISOString() ?? null,
    // Only leads still being worked on need a planned task.
    noTaskPlanned: row.status_kind === 'open' && nextTaskAt === null,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
