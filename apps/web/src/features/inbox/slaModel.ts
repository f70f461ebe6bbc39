// The response SLA's countdown: what is left until the server's due time (or how long it is overdue), as
// mm:ss (h:mm:ss past an hour), and the snippet that embeds a web form on another site.
import type { IntakeRequest } from '@voronka/contracts';

export interface Countdown {
  overdue: boolean;
  /** mm:ss, or h:mm:ss from an hour on; the time left, or the time past the deadline when overdue. */
  text: string;
}

const two = (n: number) => String(n).padStart(2, '0');

export function countdown(dueAt: string, now: number): Countdown {
  const diff = Date.parse(dueAt) - now;
  const overdue = diff < 0;
  const seconds = overdue ? Math.floor(-diff / 1000) : Math.ceil(diff / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return { overdue, text: h > 0 ? `${String(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}` };
}

/** The due time of the timer still running for a request (no reply yet), else null. */
export function runningDue(request: Pick<IntakeRequest, 'sla'>): string | null {
  return request.sla.dueAt !== null && request.sla.respondedAt === null ? request.sla.dueAt : null;
}

/** The earliest running deadline among a deal's requests. */
export function earliestDue(requests: readonly Pick<IntakeRequest, 'sla'>[]): string | null {
  let best: string | null = null;
  for (const request of requests) {
    const due = runningDue(request);
    if (due !== null && (best === null || Date.parse(due) < Date.parse(best))) best = due;
  }
  return best;
}

/** The hosted page's address. */
export const hostedUrl = (origin: string, key: string) => `${origin}/f/${encodeURIComponent(key)}`;

/**
 * The embeddable snippet: an iframe of the hosted page that passes on the host page's UTM tags, address
 * and referrer, and takes the height the form reports (postMessage from the hosted page).
 */
export function embedSnippet(origin: string, key: string): string {
  const id = `voronka-form-${key.replace(/[^A-Za-z0-9_-]/g, '')}`;
  return `<div id="${id}"></div>
<script>
(function () {
  var origin = ${JSON.stringify(origin)}, key = ${JSON.stringify(key)};
  var q = new URLSearchParams(location.search), p = new URLSearchParams({ embed: '1', page_url: location.href });
  if (document.referrer) p.set('referrer', document.referrer);
  ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'].forEach(function (n) {
    if (q.get(n)) p.set(n, q.get(n));
  });
  var frame = document.createElement('iframe');
  frame.src = origin + '/f/' + encodeURIComponent(key) + '?' + p;
  frame.title = 'Voronka';
  frame.style.cssText = 'width:100%;min-height:420px;border:0';
  document.getElementById(${JSON.stringify(id)}).appendChild(frame);
  addEventListener('message', function (e) {
    if (e.origin === origin && e.data && e.data.voronkaForm === key) frame.style.height = e.data.height + 'px';
  });
})();
</script>`;
}
