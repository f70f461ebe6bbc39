// Pure rules of incoming requests: reading a submission against its form, the repeat decision (AUTO-5),
// duplicate matching keys, the SLA deadline and status, the report's median, and the per-IP rate limit.
import type { FieldError, FormField, RequestKind, SlaStatus, Utm } from '@voronka/contracts';
import { addWorkingTime, type ProductionCalendar, type WeeklySchedule } from '../calendar/index.js';
import { normalizeEmail, normalizePhone } from '../contacts/index.js';

/** The hidden input a person never fills in; a bot filling every input does. */
export const HONEYPOT_FIELD = 'website_url';

const UTM_KEYS = ['source', 'medium', 'campaign', 'content', 'term'] as const;
const TICKED = new Set(['true', 'on', '1', 'yes']);

export interface ParsedSubmission {
  name: string | null;
  phone: string | null;
  /** E.164 */
  normalizedPhone: string | null;
  email: string | null;
  company: string | null;
  comment: string;
  /** Deal custom field id → value. */
  dealFields: Record<string, string>;
  /** Every filled field, by label, in the form's order (the timeline note). */
  lines: { label: string; value: string }[];
  utm: Utm;
  referrer: string | null;
  pageUrl: string | null;
}

export type SubmissionResult =
  | { outcome: 'spam' }
  | { outcome: 'invalid'; errors: FieldError[] }
  | { outcome: 'ok'; submission: ParsedSubmission };

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
const optional = (value: unknown, max: number) => {
  const t = text(value).slice(0, max);
  return t === '' ? null : t;
};

/**
 * Reads a submission against the form: the honeypot first (filled → spam, nothing else checked), then
 * every field's errors at once (`body.<key>`), the consent box when the form requires it.
 */
export function readSubmission(
  form: { fields: FormField[]; consentRequired: boolean },
  body: Record<string, unknown>,
): SubmissionResult {
  if (text(body[HONEYPOT_FIELD]) !== '' || body[HONEYPOT_FIELD] === true) return { outcome: 'spam' };
  const errors: FieldError[] = [];
  const known = new Set([
    ...form.fields.map((f) => f.key),
    HONEYPOT_FIELD,
    'consent',
    'referrer',
    'page_url',
    ...UTM_KEYS.map((k) => `utm_${k}`),
  ]);
  for (const key of Object.keys(body))
    if (!known.has(key)) errors.push({ field: `body.${key}`, reason: 'is not a field of this form' });

  const parsed: ParsedSubmission = {
    name: null,
    phone: null,
    normalizedPhone: null,
    email: null,
    company: null,
    comment: '',
    dealFields: {},
    lines: [],
    utm: { source: null, medium: null, campaign: null, content: null, term: null },
    referrer: optional(body.referrer, 2000),
    pageUrl: optional(body.page_url, 2000),
  };
  for (const key of UTM_KEYS) parsed.utm[key] = optional(body[`utm_${key}`], 500);

  for (const field of form.fields) {
    const raw = body[field.key];
    if (typeof raw === 'boolean') {
      errors.push({ field: `body.${field.key}`, reason: 'must be text' });
      continue;
    }
    const value = text(raw);
    if (value === '') {
      if (field.required) errors.push({ field: `body.${field.key}`, reason: 'is required' });
      continue;
    }
    const limit = field.target === 'comment' ? 10_000 : 500;
    if (value.length > limit) {
      errors.push({ field: `body.${field.key}`, reason: `must be at most ${limit} characters` });
      continue;
    }
    parsed.lines.push({ label: field.label, value });
    switch (field.target) {
      case 'name':
        parsed.name = value.slice(0, 200);
        break;
      case 'phone': {
        const normalized = normalizePhone(value);
        if (!normalized) errors.push({ field: `body.${field.key}`, reason: 'is not a phone number' });
        parsed.phone = value;
        parsed.normalizedPhone = normalized;
        break;
      }
      case 'email': {
        const normalized = normalizeEmail(value);
        if (!normalized) errors.push({ field: `body.${field.key}`, reason: 'is not an e-mail address' });
        parsed.email = normalized;
        break;
      }
      case 'company':
        parsed.company = value.slice(0, 300);
        break;
      case 'comment':
        parsed.comment = parsed.comment ? `${parsed.comment}\n\n${value}` : value;
        break;
      case 'dealField':
        if (field.customFieldId) parsed.dealFields[field.customFieldId] = value;
        break;
    }
  }
  if (!parsed.normalizedPhone && !parsed.email && errors.length === 0) {
    const contactField = form.fields.find((f) => f.target === 'phone' || f.target === 'email');
    errors.push({
      field: `body.${contactField?.key ?? 'phone'}`,
      reason: 'give a phone or an e-mail to reply to',
    });
  }
  if (form.consentRequired && !TICKED.has(text(body.consent).toLowerCase()) && body.consent !== true)
    errors.push({ field: 'body.consent', reason: 'the consent box must be ticked' });
  return errors.length > 0 ? { outcome: 'invalid', errors } : { outcome: 'ok', submission: parsed };
}

/** The request as one note on the deal's timeline: the message, every field, the UTM tags, the page. */
export function noteOf(source: string, s: ParsedSubmission): string {
  const lines = [`**${source}**`, ''];
  for (const line of s.lines) lines.push(`- ${line.label}: ${line.value}`);
  const utm = UTM_KEYS.filter((k) => s.utm[k]).map((k) => `utm_${k}=${s.utm[k] ?? ''}`);
  if (utm.length > 0) lines.push('', `UTM: ${utm.join(', ')}`);
  if (s.pageUrl) lines.push(`Page: ${s.pageUrl}`);
  if (s.referrer) lines.push(`Referrer: ${s.referrer}`);
  return lines.join('\n');
}

// ---- repeat requests (AUTO-5) -------------------------------------------------------------------------

export interface ClientDeal {
  id: string;
  /** The kind of the deal's stage. */
  status: 'unsorted' | 'open' | 'won' | 'lost';
  createdAt: Date;
}

export type RepeatDecision = { kind: 'joined'; dealId: string } | { kind: Exclude<RequestKind, 'joined'> };

/**
 * What a request of a known client becomes: it joins the client's most recent active (unsorted or open)
 * deal; when every deal is closed, a new deal marked repeat; with no deals, or with detection off or the
 * client on the exception list, a new deal.
 */
export function repeatDecision(args: {
  detection: boolean;
  excepted: boolean;
  deals: ClientDeal[];
}): RepeatDecision {
  if (!args.detection || args.excepted || args.deals.length === 0) return { kind: 'new' };
  const active = args.deals
    .filter((d) => d.status === 'unsorted' || d.status === 'open')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  if (active[0]) return { kind: 'joined', dealId: active[0].id };
  return { kind: 'repeat' };
}

/** Is the client on the exception list (by contact id, e-mail or phone, each compared normalized)? */
export function isExcepted(
  exceptions: readonly string[],
  client: { contactIds: readonly string[]; email: string | null; phone: string | null },
): boolean {
  const keys = new Set(exceptions.flatMap((e) => exceptionKeys(e)));
  return (
    client.contactIds.some((id) => keys.has(id.toLowerCase())) ||
    (client.email !== null && keys.has(client.email)) ||
    (client.phone !== null && keys.has(client.phone))
  );
}

/** The forms an exception entry matches: itself lower-cased, and its e-mail or E.164 phone form. */
export function exceptionKeys(entry: string): string[] {
  const keys = [entry.trim().toLowerCase()];
  const email = normalizeEmail(entry);
  if (email) keys.push(email);
  else {
    const phone = normalizePhone(entry);
    if (phone) keys.push(phone);
  }
  return keys;
}

// ---- SLA (INBOX-2) --------------------------------------------------------------------------------------

export const DEFAULT_SLA_MINUTES = 10;

export interface SlaPolicyRule {
  minutes: number;
  workingHours: boolean;
}

export interface WorkingHours {
  schedule: WeeklySchedule;
  calendar: ProductionCalendar | null;
  timeZone: string;
}

/** When the first reply is due: `minutes` after arrival, of working time or around the clock. */
export function slaDeadline(receivedAt: Date, policy: SlaPolicyRule, hours: WorkingHours | null): Date {
  if (!policy.workingHours || !hours) return new Date(receivedAt.getTime() + policy.minutes * 60_000);
  return addWorkingTime(
    receivedAt,
    { minutes: policy.minutes },
    hours.schedule,
    hours.calendar,
    hours.timeZone,
  );
}

export function slaStatus(dueAt: Date | null, respondedAt: Date | null, now: Date): SlaStatus {
  if (!dueAt) return 'none';
  if (respondedAt) return respondedAt.getTime() <= dueAt.getTime() ? 'met' : 'missed';
  return now.getTime() > dueAt.getTime() ? 'missed' : 'pending';
}

export interface SlaSample {
  dueAt: Date;
  receivedAt: Date;
  respondedAt: Date | null;
}

/** The report's figures of a group: requests answered or overdue, the share in time, the median reply. */
export function slaFigures(samples: SlaSample[], now: Date) {
  const settled = samples.filter((s) => s.respondedAt !== null || s.dueAt.getTime() < now.getTime());
  const inTime = settled.filter((s) => slaStatus(s.dueAt, s.respondedAt, now) === 'met').length;
  const seconds = settled.flatMap((s) =>
    s.respondedAt ? [(s.respondedAt.getTime() - s.receivedAt.getTime()) / 1000] : [],
  );
  return {
    total: settled.length,
    answeredInTime: inTime,
    shareInTime: settled.length === 0 ? null : inTime / settled.length,
    medianResponseSeconds: median(seconds),
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

// ---- rate limit -----------------------------------------------------------------------------------------

/**
 * A fixed-window counter per key (the client's IP): at most `limit` hits per `windowMs`. Kept in memory
 * per process (see index.ts for why); windows that ended are dropped as the map is swept.
 */
export function createRateLimiter(limit: number, windowMs: number) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    /** Counts a hit; null when allowed, else the seconds until the window ends (Retry-After). */
    hit(key: string, now: number): number | null {
      if (limit <= 0) return null;
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= limit) return null;
      return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    },
  };
}
