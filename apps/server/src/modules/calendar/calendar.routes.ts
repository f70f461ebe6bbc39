// /api/calendar/production (the Russian production calendar), /api/working-hours (the account's schedule and
// computed moments), /api/users/:id/working-hours (a user's own schedule or the account's).
import {
  idParamsSchema,
  productionCalendarQuerySchema,
  productionCalendarYearSchema,
  updateAccountWorkingHoursBodySchema,
  updateUserWorkingHoursBodySchema,
  workingHoursSchema,
  workingMomentQuerySchema,
  workingMomentSchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { CalendarService } from './calendar.service.js';

export function registerCalendarRoutes(app: App, service: CalendarService) {
  app.get(
    '/api/calendar/production',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The Russian production calendar of a year (five-day week)',
        description:
          'Public holidays and transferred days off, working weekends, shortened pre-holiday days, and the ' +
          'year’s and months’ working days and norm hours. Covers the years whose decree on transferred days ' +
          'off is published; another year answers 422 `outside_production_calendar`.',
        querystring: productionCalendarQuerySchema,
        response: { 200: productionCalendarYearSchema, ...problemResponses },
      },
    },
    (request) => service.productionYear(request.query.year),
  );
  app.get(
    '/api/working-hours',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The account’s working hours',
        description: 'Its time zone is the account’s (PATCH /api/account).',
        response: { 200: workingHoursSchema, ...problemResponses },
      },
    },
    (request) => service.getAccountHours(actorOf(request)),
  );
  app.put(
    '/api/working-hours',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['calendar'],
        summary: 'Set the account’s weekly schedule',
        description:
          'Intervals must end after they start and not overlap; the lunch break lies inside one interval; ' +
          'each weekday appears once. Broken rules answer 422 naming the field (`body.days.0.intervals.1`).',
        body: updateAccountWorkingHoursBodySchema,
        response: { 200: workingHoursSchema, ...problemResponses },
      },
    },
    (request) => service.updateAccountHours(actorOf(request), request.body),
  );
  app.get(
    '/api/working-hours/next',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The moment some working time after a start',
        description:
          '`unit=minutes`: the earliest moment by which `add` working minutes have passed (it may be the ' +
          'closing moment of a working interval). `unit=working_days`: the same clock time on the `add`-th ' +
          'working day after the start’s date, moved into that day’s hours. In the account’s hours, or a ' +
          'user’s with `userId` (administrators, or the user themself).',
        querystring: workingMomentQuerySchema,
        response: { 200: workingMomentSchema, ...problemResponses },
      },
    },
    (request) => service.nextMoment(actorOf(request), request.query),
  );
  app.get(
    '/api/users/:id/working-hours',
    {
      schema: {
        tags: ['calendar'],
        summary: 'A user’s working hours (their own, or the account’s)',
        description: 'Administrators, or the user themself.',
        params: idParamsSchema,
        response: { 200: workingHoursSchema, ...problemResponses },
      },
    },
    (request) => service.getUserHours(actorOf(request), request.params.id),
  );
  app.put(
    '/api/users/:id/working-hours',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Give a user their own schedule, or the account’s again',
        description:
          'Administrators, or the user themself. `{"source": "account"}` follows the account’s hours; ' +
          '`{"source": "user", "days": [...]}` sets the user’s own (time zone: the account’s when omitted).',
        params: idParamsSchema,
        body: updateUserWorkingHoursBodySchema,
        response: { 200: workingHoursSchema, ...problemResponses },
      },
    },
    (request) => service.updateUserHours(actorOf(request), request.params.id, request.body),
  );
}
