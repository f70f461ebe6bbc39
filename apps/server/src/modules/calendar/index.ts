// calendar — owns working hours (the account's weekly schedule, users' own schedules) and the Russian
// production calendar (data: ru-production-calendar.json, 2025–2027), and the rule every timer uses:
// addWorkingTime / nextWorkingMoment / isWorkingTime (working-time.ts). Emits working_hours.updated
// (scope account|user, changed fields old → new). Consumes no events.
// For "only in working hours" robots and SLA timers: `service.workingHoursOf(accountId, userId)` gives the
// schedule, calendar and time zone to pass to addWorkingTime (the user's own hours, else the account's).
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createCalendarRepository } from './calendar.repository.js';
import { registerCalendarRoutes } from './calendar.routes.js';
import { createCalendarService } from './calendar.service.js';

export type { CalendarService } from './calendar.service.js';
export {
  addWorkingTime,
  isWorkingTime,
  nextWorkingMoment,
  NoWorkingTimeError,
  type WorkingDuration,
  type WorkingTimeOptions,
} from './working-time.js';
export {
  dayKind,
  OutsideCalendarError,
  russianProductionCalendar,
  workingDaysBetween,
  type DayInfo,
  type DayKind,
  type ProductionCalendar,
} from './production-calendar.js';
export type { WeeklySchedule, WorkingDay } from './schedule.js';

export function createCalendarModule(deps: { db: Db; events: EventBus }) {
  const service = createCalendarService({
    db: deps.db,
    repo: createCalendarRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerCalendarRoutes(app, service) };
}
