import { describe, expect, it } from 'vitest';
import { countdown, earliestDue, embedSnippet, runningDue } from './slaModel';

const at = Date.parse('2026-12-07T07:00:00Z');

describe('SLA countdown', () => {
  it('counts down in mm:ss and past the deadline as overdue', () => {
    expect(countdown('2026-12-07T07:10:00Z', at)).toEqual({ overdue: false, text: '10:00' });
    expect(countdown('2026-12-07T07:00:05Z', at + 500)).toEqual({ overdue: false, text: '00:05' });
    expect(countdown('2026-12-07T07:00:00Z', at)).toEqual({ overdue: false, text: '00:00' });
    expect(countdown('2026-12-07T06:58:30Z', at)).toEqual({ overdue: true, text: '01:30' });
    expect(countdown('2026-12-07T09:05:09Z', at)).toEqual({ overdue: false, text: '2:05:09' });
  });

  it('runs only until the first reply; a deal shows its earliest running deadline', () => {
    const sla = (dueAt: string | null, respondedAt: string | null) => ({
      sla: { dueAt, respondedAt, status: 'pending' as const, escalatedAt: null },
    });
    expect(runningDue(sla('2026-12-07T07:10:00Z', null))).toBe('2026-12-07T07:10:00Z');
    expect(runningDue(sla('2026-12-07T07:10:00Z', '2026-12-07T07:05:00Z'))).toBeNull();
    expect(runningDue(sla(null, null))).toBeNull();
    expect(
      earliestDue([
        sla('2026-12-07T07:20:00Z', null),
        sla('2026-12-07T07:05:00Z', '2026-12-07T07:01:00Z'),
        sla('2026-12-07T07:10:00Z', null),
      ]),
    ).toBe('2026-12-07T07:10:00Z');
    expect(earliestDue([])).toBeNull();
  });

  it('embeds the hosted page of the key in an iframe', () => {
    const snippet = embedSnippet('https://crm.example.ru', 'abc_D-1');
    expect(snippet).toContain('<div id="voronka-form-abc_D-1"></div>');
    expect(snippet).toContain('"https://crm.example.ru"');
    expect(snippet).toContain("'/f/' + encodeURIComponent(key)");
    expect(snippet).toContain('e.origin === origin');
  });
});
