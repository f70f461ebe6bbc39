// Pure rules of leads: the title built from what the client told us, what a closed lead may still change,
// and which custom-field values a conversion carries from the lead to the records it becomes. (Channels follow
// the contacts module's rules: `parseChannels`, `phoneDigits`.)
import type { CustomField, LeadStatusKind } from '@voronka/contracts';

interface PersonParts {
  lastName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
}

/** Last, first and middle name as one line ("" when there is none). */
export const personNameOf = (p: PersonParts) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

/**
 * A lead's default title: the person and the company ("Петрова Анна, ООО Ромашка"), else the first phone or
 * e-mail as written; null when the lead says nothing about who is asking.
 */
export function defaultTitle(
  lead: PersonParts & {
    companyName?: string | null | undefined;
    phones?: readonly { value: string }[] | undefined;
    emails?: readonly { value: string }[] | undefined;
  },
): string | null {
  const person = [lead.lastName, lead.firstName].filter(Boolean).join(' ');
  const title = [person, lead.companyName].filter(Boolean).join(', ');
  if (title) return title.slice(0, 200);
  return lead.phones?.[0]?.value ?? lead.emails?.[0]?.value ?? null;
}

export type ClosedLeadVerdict =
  { ok: true } | { ok: false; status: 409 | 422; code: string; field?: string; reason: string };

/**
 * What a change may do to a lead, given its status now and the status it asks for:
 * - nobody moves a lead into Converted by editing it: conversion does that (and creates the records);
 * - a converted lead is final: only its comment changes (its deal, contact and company carry the work on);
 * - a junk lead is read-only apart from its comment until it goes back to an open status — which the same
 *   request may do, together with any other change.
 */
export function closedLeadVerdict(
  current: LeadStatusKind,
  target: LeadStatusKind | undefined,
  sentKeys: readonly string[],
  statusChanges: boolean,
): ClosedLeadVerdict {
  if (target === 'converted' && statusChanges) {
    return {
      ok: false,
      status: 422,
      code: 'validation_failed',
      field: 'body.statusId',
      reason: 'A lead becomes converted only by converting it (POST /api/leads/{id}/convert)',
    };
  }
  const others = sentKeys.filter((k) => k !== 'comment' && k !== 'statusId');
  if (current === 'converted') {
    if (statusChanges || others.length > 0) {
      return {
        ok: false,
        status: 409,
        code: 'lead_converted',
        reason: `A converted lead keeps its data; only its comment can change (sent: ${[
          ...(statusChanges ? ['statusId'] : []),
          ...others,
        ].join(', ')})`,
      };
    }
    return { ok: true };
  }
  if (current === 'junk' && target !== 'open' && others.length > 0) {
    return {
      ok: false,
      status: 409,
      code: 'lead_junk',
      reason: `A junk lead is read-only apart from its comment; move it back to an open status first (sent: ${others.join(', ')})`,
    };
  }
  return { ok: true };
}

/**
 * The lead's custom-field values a new deal inherits: for every lead field with a `code`, the deal field with
 * the same code, type and multiplicity that applies to the deal's pipeline (null: contacts and companies). List values go by option label
 * (the two fields have their own option ids); a label the deal field lacks is dropped.
 */
export function carriedValues(
  leadFields: readonly CustomField[],
  dealFields: readonly CustomField[],
  values: Readonly<Record<string, unknown>>,
  pipelineId: string | null,
): Record<string, unknown> {
  const carried: Record<string, unknown> = {};
  for (const from of leadFields) {
    const value = values[from.id];
    if (from.code === null || value === undefined || value === null) continue;
    const to = dealFields.find(
      (f) =>
        f.code === from.code &&
        f.type === from.type &&
        f.multiple === from.multiple &&
        (f.pipelineIds === null || (pipelineId !== null && f.pipelineIds.includes(pipelineId))),
    );
    if (!to) continue;
    if (from.type === 'list' && to.type === 'list') {
      const labelOf = new Map(from.settings.options.map((o) => [o.id, o.label.toLowerCase()]));
      const idOf = new Map(to.settings.options.map((o) => [o.label.toLowerCase(), o.id]));
      const map = (id: unknown) => (typeof id === 'string' ? idOf.get(labelOf.get(id) ?? '') : undefined);
      if (Array.isArray(value)) {
        const ids = value.map(map).filter((id) => id !== undefined);
        if (ids.length > 0) carried[to.id] = ids;
      } else {
        const id = map(value);
        if (id !== undefined) carried[to.id] = id;
      }
      continue;
    }
    carried[to.id] = value;
  }
  return carried;
}
