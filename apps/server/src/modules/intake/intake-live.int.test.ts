// The intake over a real listener: a submission posted over HTTP reaches the account's SSE stream (the
// inbox's live updates), and the SLA timer job delayed to the deadline fires by itself in the worker.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import { openStream } from '../../../test/sse.js';

/** Steered by the test; starts at the real time. */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

describeEachDatabase(
  'intake: live inbox and the SLA timer job',
  (get) => {
    let base = '';
    beforeAll(async () => {
      base = await get().http.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await get().http.close();
    });

    it('a submission reaches the stream; a missed deadline is escalated by its delayed job', async () => {
      const admin = await signUp(get());
      const other = await signUp(get());
      const pipeline = (await admin.client.get('/api/pipelines')).body.items[0];
      const form = await admin.client.post('/api/forms', {
        name: 'Сайт',
        pipelineId: pipeline.id,
        fields: [
          { key: 'name', label: 'Имя', target: 'name' },
          { key: 'phone', label: 'Телефон', target: 'phone', required: true },
        ],
      });
      const stream = await openStream(`${base}/api/events/stream`, { cookie: admin.client.cookie ?? '' });
      const otherStream = await openStream(`${base}/api/events/stream`, {
        cookie: other.client.cookie ?? '',
      });

      // Received 20 minutes "ago": its 10-minute deadline is already in the real past, so pg-boss runs the
      // timer job at once; by the module's clock it is due only when the test moves the clock on. (A worker
      // quicker than the test finds it not yet due and looks again a minute later: the test waits for that.)
      clock.offsetMs = -20 * 60_000;
      const res = await fetch(`${base}/api/public/forms/${form.body.publicKey as string}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=%D0%96%D0%B8%D0%B2%D0%BE%D0%B9&phone=%2B79167770001',
      });
      expect(res.status).toBe(201);
      clock.offsetMs = 0;

      await vi.waitFor(
        () => expect(stream.messages.map((m) => m.event)).toContain('intake_request.received'),
        { timeout: 10_000 },
      );
      const received = JSON.parse(stream.messages.find((m) => m.event === 'intake_request.received')!.data);
      expect(received.payload).toMatchObject({ kind: 'new', source: 'form:Сайт', pipelineId: pipeline.id });

      await vi.waitFor(
        () => expect(stream.messages.map((m) => m.event)).toContain('intake_request.sla_missed'),
        { timeout: 90_000, interval: 250 },
      );
      const missed = JSON.parse(stream.messages.find((m) => m.event === 'intake_request.sla_missed')!.data);
      expect(missed.payload).toMatchObject({
        dealId: received.payload.dealId,
        responsibleUserId: admin.userId,
      });
      const [request] = (
        await admin.client.get(`/api/intake/deals/${received.payload.dealId as string}/requests`)
      ).body.items;
      expect(request.sla.status).toBe('missed');
      expect(request.sla.escalatedAt).not.toBeNull();
      expect(otherStream.messages.some((m) => m.event?.startsWith('intake_request'))).toBe(false);
      await stream.close();
      await otherStream.close();
    }, 120_000);
  },
  { clock },
);
