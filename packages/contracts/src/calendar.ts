// Working hours and the Russian production calendar (CORE-11): the base for "only in working hours" robots
// and SLA timers. Shapes only; the rules a schedule must follow (no overlaps, the lunch break inside working
// time, one entry per weekday) are checked by the server and answered as 422 naming the field.
import { z } from 'zod';
import { idSchema } from './common.js';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** An IANA time zone, the same list the account settings accept. */
export const ianaTimeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => timeZones.has(tz) || tz === 'UTC', 'must be an IANA time zone such as Europe/Moscow');

export const calendarDateSchema = z.iso.date().describe('A calendar date, YYYY-MM-DD');

/** A wall-clock time of day; `24:00` ends an interval at midnight. */
export const timeOfDaySchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM from 00:00 to 24:00')
  .describe('Local time HH:MM (24:00 = midnight at the end of the day)');

export const timeIntervalSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .meta({ id: 'TimeInterval' });
export type TimeInterval = z.infer<typeof timeIntervalSchema>;

export const isoWeekdaySchema = z
  .number()
  .int()
  .min(1)
  .max(7)
  .describe('ISO weekday: 1 = Monday … 7 = Sunday');

export const workingDaySchema = z
  .object({
    weekday: isoWeekdaySchema,
    intervals: z.array(timeIntervalSchema).min(1).max(8),
    lunch: timeIntervalSchema
      .nullable()
      .default(null)
      .describe('A break inside the working intervals, not working time'),
  })
  .meta({ id: 'WorkingDay' });
export type WorkingDay = z.infer<typeof workingDaySchema>;

/** The weekdays that are worked; a weekday that is not listed is a day off. */
export const weeklyScheduleSchema = z
  .array(workingDaySchema)
  .min(1, 'at least one working day')
  .max(7, 'a week has at most 7 weekdays');

/** Where the hours in effect come from. */
export const workingHoursSourceSchema = z
  .enum(['default', 'account', 'user'])
  .describe(
    '`default`: nothing saved, Monday–Friday 09:00–18:00 with lunch 13:00–14:00; `account`: the account’s ' +
      'schedule; `user`: the user’s own schedule',
  );

export const workingHoursSchema = z
  .object({
    userId: idSchema.nullable().describe('The user these hours are for; null for the account’s'),
    source: workingHoursSourceSchema,
    timezone: z.string().describe('The IANA time zone the intervals are in'),
    useProductionCalendar: z
      .boolean()
      .describe('Public holidays and transferred days off are not worked, working weekends are'),
    days: z.array(workingDaySchema),
    updatedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'WorkingHours' });
export type WorkingHours = z.infer<typeof workingHoursSchema>;

/** The account's schedule; its time zone is the account setting (PATCH /api/account). */
export const updateAccountWorkingHoursBodySchema = z.object({
  useProductionCalendar: z.boolean().default(true),
  days: weeklyScheduleSchema,
});
export type UpdateAccountWorkingHoursBody = z.input<typeof updateAccountWorkingHoursBodySchema>;

/** A user's hours: the account's (`source: account`), or their own schedule (`source: user`). */
export const updateUserWorkingHoursBodySchema = z
  .object({
    source: z.enum(['account', 'user']),
    timezone: ianaTimeZoneSchema
      .optional()
      .describe('Own schedule only; the account’s time zone when omitted'),
    useProductionCalendar: z.boolean().optional().describe('Own schedule only; true when omitted'),
    days: weeklyScheduleSchema.optional().describe('Own schedule only, and required for it'),
  })
  .superRefine((body, ctx) => {
    if (body.source === 'user') {
      if (body.days === undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: 'is required' });
      return;
    }
    for (const key of ['timezone', 'useProductionCalendar', 'days'] as const) {
      if (body[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'only with source "user"' });
    }
  });
export type UpdateUserWorkingHoursBody = z.input<typeof updateUserWorkingHoursBodySchema>;

export const workingTimeUnitSchema = z.enum(['minutes', 'working_days']);

export const workingMomentQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('Start moment; now when omitted'),
  add: z.coerce.number().int().min(0).max(1_000_000),
  unit: workingTimeUnitSchema,
  userId: idSchema.optional().describe('Use this user’s hours; the account’s when omitted'),
});

export const workingMomentSchema = z
  .object({
    from: z.iso.datetime({ offset: true }),
    add: z.number().int(),
    unit: workingTimeUnitSchema,
    at: z.iso.datetime({ offset: true }).describe('The computed moment (UTC)'),
    local: z.string().describe('The same moment in the schedule’s time zone, ISO 8601 with its offset'),
    timezone: z.string(),
    userId: idSchema.nullable(),
    source: workingHoursSourceSchema,
  })
  .meta({ id: 'WorkingMoment' });
export type WorkingMoment = z.infer<typeof workingMomentSchema>;

export const productionCalendarQuerySchema = z.object({
  year: z.coerce.number().int().min(1900).max(2200),
});

export const productionHolidaySchema = z
  .object({
    date: calendarDateSchema,
    name: z
      .string()
      .describe('In Russian, e.g. «Новогодние каникулы» or «Выходной день (перенесён с 3 января)»'),
    statutory: z.boolean().describe('A public holiday of ТК РФ art. 112 (false: a transferred day off)'),
    weekend: z.boolean().describe('Falls on a Saturday or Sunday (changes nothing in a Monday–Friday week)'),
  })
  .meta({ id: 'ProductionHoliday' });

const normHoursSchema = z.object({
  week40: z.number(),
  week36: z.number(),
  week24: z.number(),
});

export const productionCalendarYearSchema = z
  .object({
    year: z.number().int(),
    decree: z.string().describe('The Government decree on transferred days off'),
    holidays: z.array(productionHolidaySchema).describe('Public holidays and transferred days off'),
    workingWeekends: z.array(calendarDateSchema),
    shortenedDays: z.array(calendarDateSchema).describe('Working days one hour shorter (ТК РФ art. 95)'),
    calendarDays: z.number().int(),
    workingDays: z.number().int(),
    daysOff: z.number().int(),
    normHours: normHoursSchema.describe('Working-time norm for a 40-, 36- and 24-hour week (приказ № 588н)'),
    months: z.array(
      z.object({
        month: z.number().int().min(1).max(12),
        workingDays: z.number().int(),
        daysOff: z.number().int(),
        normHours: normHoursSchema,
      }),
    ),
  })
  .meta({ id: 'ProductionCalendarYear' });
export type ProductionCalendarYear = z.infer<typeof productionCalendarYearSchema>;
