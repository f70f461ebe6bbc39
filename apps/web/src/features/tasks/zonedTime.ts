// Calendar days and wall-clock times in the account's time zone (IANA), from and to instants. Tasks are
// grouped by the account's days, and a deadline typed as a date and a time means that time in the account's
// zone, whatever zone the browser is in.

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function partsIn(instant: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const result: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') result[part.type] = Number(part.value);
  return result;
}

/** The zone's offset from UTC at that instant, in minutes (Moscow: 180). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/** The calendar day (YYYY-MM-DD) of an instant in the zone. */
export function dayInZone(instant: Date | string, timeZone: string): string {
  const p = partsIn(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
  return `${pad(p.year ?? 1970, 4)}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}`;
}

/** The wall-clock time (HH:MM) of an instant in the zone. */
export function timeInZone(instant: Date | string, timeZone: string): string {
  const p = partsIn(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
  return `${pad(p.hour ?? 0)}:${pad(p.minute ?? 0)}`;
}

/** `YYYY-MM-DD` plus `days` (negative: back). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant a wall-clock date and time in the zone stand for, written with that zone's offset
 * (`2026-12-05T15:00:00+03:00`). Null when the date or time is not valid. A time skipped by a
 * daylight-saving jump is taken with the offset after the jump.
 */
export function zonedDateTime(day: string, time: string, timeZone: string): string | null {
  const d = DAY.exec(day);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [year, month, date, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || date < 1 || date > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  if (new Date(wall).getUTCDate() !== date) return null;
  let offset = zoneOffsetMinutes(new Date(wall), timeZone);
  const corrected = zoneOffsetMinutes(new Date(wall - offset * 60_000), timeZone);
  if (corrected !== offset) offset = corrected;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${day}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
