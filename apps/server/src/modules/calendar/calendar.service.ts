// Working hours (CORE-11): the account's weekly schedule (administrators change it, everyone reads it) and
// users' own schedules (an administrator or the user themself). The production calendar is read-only data.
// Every change records working_hours.updated with the changed fields, old → new.
import type { WorkingHours, WorkingMoment } from '@voronka/contracts';
import { TZDate } from '@date-fns/tz';
import type { Transaction } from 'kysely';
import type { DB, Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { forbidden, invalidField, notFound, invalidFields } from '../../platform/errors.js';
import type { CalendarRepository } from './calendar.repository.js';
import {
  coveredYears,
  OutsideCalendarError,
  productionYear,
  russianProductionCalendar,
  type ProductionCalendar,
} from './production-calendar.js';
import {
  DEFAULT_SCHEDULE,
  normalizeSchedule,
  scheduleProblems,
  type WorkingDay,
  type WorkingDayData,
} from './schedule.js';
import { addWorkingTime, NoWorkingTimeError } from './working-time.js';

/** The hours in effect for the account or one user, and where they come from. */
export interface EffectiveHours {
  userId: string | null;
  source: 'default' | 'account' | 'user';
  timezone: string;
  useProductionCalendar: boolean;
  days: WorkingDayData[];
  updatedAt: Date | null;
}

export const presentHours = (hours: EffectiveHours): WorkingHours => ({
  userId: hours.userId,
  source: hours.source,
  timezone: hours.timezone,
  useProductionCalendar: hours.useProductionCalendar,
  days: hours.days.map((d) => ({ weekday: d.weekday, intervals: [...d.intervals], lunch: d.lunch })),
  updatedAt: hours.updatedAt?.toISOString() ?? null,
});

function refuseBadSchedule(days: readonly WorkingDay[]) {
  const errors = scheduleProblems(days);
  if (errors.length > 0) throw invalidFields(errors);
}

/** The fields that differ, old → new (the event payload). */
function changesBetween(before: EffectiveHours, after: EffectiveHours) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.source !== after.source) changes.source = { from: before.source, to: after.source };
  if (before.timezone !== after.timezone) changes.timezone = { from: before.timezone, to: after.timezone };
  if (before.useProductionCalendar !== after.useProductionCalendar)
    changes.useProductionCalendar = { from: before.useProductionCalendar, to: after.useProductionCalendar };
  if (JSON.stringify(before.days) !== JSON.stringify(after.days))
    changes.days = { from: before.days, to: after.days };
  return changes;
}

export function createCalendarService({
  db,
  repo,
  events,
  calendar = russianProductionCalendar,
  now = () => new Date(),
}: {
  db: Db;
  repo: CalendarRepository;
  events: EventBus;
  calendar?: ProductionCalendar;
  now?: () => Date;
}) {
  async function accountHours(trx: Db, accountId: string, lock = false): Promise<EffectiveHours> {
    const timezone = await repo.accountTimezone(trx, accountId);
    const row = await repo.findAccountHours(trx, accountId, lock);
    return row
      ? {
          userId: null,
          source: 'account',
          timezone,
          useProductionCalendar: row.use_production_calendar,
          days: normalizeSchedule(row.days),
          updatedAt: row.updated_at,
        }
      : {
          userId: null,
          source: 'default',
          timezone,
          useProductionCalendar: true,
          days: normalizeSchedule(DEFAULT_SCHEDULE),
          updatedAt: null,
        };
  }

  async function userHours(
    trx: Db,
    accountId: string,
    userId: string,
    lock = false,
  ): Promise<EffectiveHours> {
    const row = await repo.findUserHours(trx, accountId, userId, lock);
    if (!row) return { ...(await accountHours(trx, accountId)), userId };
    return {
      userId,
      source: 'user',
      timezone: row.timezone,
      useProductionCalendar: row.use_production_calendar,
      days: normalizeSchedule(row.days),
      updatedAt: row.updated_at,
    };
  }

  /** Another account's user is absent (404); a member may see and change only their own hours (403). */
  async function checkUser(trx: Db, actor: Actor, userId: string) {
    if (!(await repo.userExists(trx, actor.accountId, userId))) throw notFound('User');
    if (actor.role !== 'admin' && actor.userId !== userId)
      throw forbidden('Only an administrator may see or change another user’s working hours');
  }

  async function recordChange(
    trx: Transaction<DB>,
    actor: Actor,
    before: EffectiveHours,
    after: EffectiveHours,
  ) {
    const changes = changesBetween(before, after);
    if (Object.keys(changes).length === 0) return;
    await events.record(trx, eventContextOf(actor), {
      type: 'working_hours.updated',
      entity: 'working_hours',
      entityId: after.userId ?? actor.accountId,
      payload: { scope: after.userId ? 'user' : 'account', userId: after.userId, changes },
    });
  }

  return {
    productionYear(year: number) {
      try {
        const y = productionYear(year);
        return {
          year: y.year,
          decree: y.decree,
          holidays: y.holidays,
          workingWeekends: y.workingWeekends,
          shortenedDays: y.shortenedDates,
          calendarDays: y.calendarDays,
          workingDays: y.workingDays,
          daysOff: y.daysOff,
          normHours: y.normHours,
          months: y.months.map((m) => ({
            month: m.month,
            workingDays: m.workingDays,
            daysOff: m.daysOff,
            normHours: m.normHours,
          })),
        };
      } catch (error) {
        if (error instanceof OutsideCalendarError)
          throw invalidField(
            'querystring.year',
            `The production calendar covers ${coveredYears.join(', ')}`,
            'outside_production_calendar',
          );
        throw error;
      }
    },

    getAccountHours: async (actor: Actor) => presentHours(await accountHours(db, actor.accountId)),

    updateAccountHours: (actor: Actor, input: { useProductionCalendar: boolean; days: WorkingDay[] }) =>
      db.transaction().execute(async (trx) => {
        refuseBadSchedule(input.days);
        const before = await accountHours(trx, actor.accountId, true);
        const days = normalizeSchedule(input.days);
        const changed =
          before.source === 'default' ||
          before.useProductionCalendar !== input.useProductionCalendar ||
          JSON.stringify(before.days) !== JSON.stringify(days);
        if (!changed) return presentHours(before);
        await repo.saveAccountHours(trx, actor.accountId, {
          useProductionCalendar: input.useProductionCalendar,
          days,
        });
        const after = await accountHours(trx, actor.accountId);
        await recordChange(trx, actor, before, after);
        return presentHours(after);
      }),

    getUserHours: (actor: Actor, userId: string) =>
      db.transaction().execute(async (trx) => {
        await checkUser(trx, actor, userId);
        return presentHours(await userHours(trx, actor.accountId, userId));
      }),

    updateUserHours: (
      actor: Actor,
      userId: string,
      input:
        | { source: 'account' }
        | {
            source: 'user';
            timezone?: string | undefined;
            useProductionCalendar?: boolean | undefined;
            days?: WorkingDay[] | undefined;
          },
    ) =>
      db.transaction().execute(async (trx) => {
        await checkUser(trx, actor, userId);
        const before = await userHours(trx, actor.accountId, userId, true);
        if (input.source === 'account') {
          if (before.source === 'user') await repo.deleteUserHours(trx, actor.accountId, userId);
        } else {
          const days = input.days ?? [];
          if (days.length === 0) throw invalidField('body.days', 'is required');
          refuseBadSchedule(days);
          const values = {
            timezone: input.timezone ?? (await repo.accountTimezone(trx, actor.accountId)),
            useProductionCalendar: input.useProductionCalendar ?? true,
            days: normalizeSchedule(days),
          };
          const same =
            before.source === 'user' &&
            before.timezone === values.timezone &&
            before.useProductionCalendar === values.useProductionCalendar &&
            JSON.stringify(before.days) === JSON.stringify(values.days);
          if (!same) await repo.saveUserHours(trx, actor.accountId, userId, values);
        }
        const after = await userHours(trx, actor.accountId, userId);
        await recordChange(trx, actor, before, after);
        return presentHours(after);
      }),

    /** The moment `add` minutes or working days after `from` in the account's or a user's hours. */
    async nextMoment(
      actor: Actor,
      query: {
        from?: string | undefined;
        add: number;
        unit: 'minutes' | 'working_days';
        userId?: string | undefined;
      },
    ): Promise<WorkingMoment> {
      const { userId } = query;
      const hours = await db.transaction().execute(async (trx) => {
        if (!userId) return accountHours(trx, actor.accountId);
        await checkUser(trx, actor, userId);
        return userHours(trx, actor.accountId, userId);
      });
      // Computed outside the transaction: no connection is held while it runs.
      const from = query.from ? new Date(query.from) : now();
      let at: Date;
      try {
        at = addWorkingTime(
          from,
          query.unit === 'minutes' ? { minutes: query.add } : { workingDays: query.add },
          hours.days,
          hours.useProductionCalendar ? calendar : null,
          hours.timezone,
        );
      } catch (error) {
        if (error instanceof OutsideCalendarError) {
          const fromYear = new TZDate(from, hours.timezone).getFullYear();
          throw invalidField(
            coveredYears.includes(fromYear) ? 'querystring.add' : 'querystring.from',
            error.message,
            'outside_production_calendar',
          );
        }
        if (error instanceof NoWorkingTimeError)
          throw invalidField('querystring.add', error.message, 'no_working_time');
        throw error;
      }
      return {
        from: from.toISOString(),
        add: query.add,
        unit: query.unit,
        at: at.toISOString(),
        local: new TZDate(at, hours.timezone).toISOString(),
        timezone: hours.timezone,
        userId: hours.userId,
        source: hours.source,
      };
    },

    /**
     * The hours timers of other modules (robots, SLA) compute with: the user's, or the account's; read
     * inside `trx` when given (a robot planned in an event delivery's transaction).
     */
    async workingHoursOf(accountId: string, userId: string | null = null, trx: Db = db) {
      const hours = userId ? await userHours(trx, accountId, userId) : await accountHours(trx, accountId);
      return {
        schedule: hours.days,
        calendar: hours.useProductionCalendar ? calendar : null,
        timeZone: hours.timezone,
      };
    },
  };
}
export type CalendarService = ReturnType<typeof createCalendarService>;
