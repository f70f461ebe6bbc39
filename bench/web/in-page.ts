// What runs inside the page (Chromium): marks for "the board is interactive" and for "the dropped card is
// shown in its new column". Each function is sent to the page as source text (Playwright), so it may use
// nothing from outside itself. Times are performance.now() of the page: milliseconds since its navigation
// started.

export interface LoadMarks {
  /** The DOM first held the whole board: every column with its count, and a draggable, focusable card. */
  rendered: number;
  /** The frame with that board was painted and the main thread took the next task (input is answered). */
  interactive: number;
  /** The long tasks (≥ 50 ms of main thread) of the load: where the time went. */
  longTasks: { start: number; duration: number }[];
}

export interface DropSpec {
  dealId: string;
  fromStageId: string;
  toStageId: string;
  /** Column counts expected once the move shows: the source one less, the target one more. */
  fromCount: number;
  toCount: number;
}

export interface DropMarks {
  /** The drop: keydown of Space / Enter, or pointerup. */
  dropped: number;
  /** The DOM shows the card in the target column and both counts updated. */
  inDom: number;
  /** The frame showing it was painted (the next frame's callback ran after it). */
  painted: number;
}

interface BenchWindow {
  __bench: {
    load: Partial<LoadMarks> & { longTasks: LoadMarks['longTasks'] };
    arm(spec: DropSpec): void;
    drop: Promise<DropMarks> | null;
  };
}

/** Installed before any of the page's scripts (addInitScript). */
export function instrument(stageCount: number): void {
  const w = window as unknown as BenchWindow;
  const digits = (el: Element | null) => Number((el?.textContent ?? '').replace(/\D/g, '') || NaN);
  const column = (stageId: string) =>
    document.querySelector(`[data-testid="kanban-column"][data-stage-id="${stageId}"]`);
  const afterPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      // rAF runs before the frame's paint; a task posted from it runs after that paint.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });

  const load: BenchWindow['__bench']['load'] = { longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) load.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  const boardReady = () => {
    const columns = document.querySelectorAll('[data-testid="kanban-column"]');
    if (columns.length !== stageCount) return false;
    for (const c of columns)
      if (Number.isNaN(digits(c.querySelector('[data-testid="column-count"]')))) return false;
    return (
      document.querySelector('[data-testid="deal-card"][tabindex="0"][aria-roledescription]') !== null &&
      document.querySelector('[data-testid="column-sum"]') !== null
    );
  };
  const loadObserver = new MutationObserver(() => {
    if (load.rendered !== undefined || !boardReady()) return;
    load.rendered = performance.now();
    performance.mark('board-rendered');
    loadObserver.disconnect();
    afterPaint((at) => {
      load.interactive = at;
      performance.mark('board-interactive');
    });
  });
  loadObserver.observe(document, { childList: true, subtree: true, characterData: true });

  let armed: DropSpec | null = null;
  let resolveDrop: ((marks: DropMarks) => void) | null = null;
  let dropped = 0;
  const shown = (spec: DropSpec) => {
    const from = column(spec.fromStageId);
    const to = column(spec.toStageId);
    return (
      to?.querySelector(`[data-deal-id="${spec.dealId}"]`) != null &&
      from?.querySelector(`[data-deal-id="${spec.dealId}"]`) == null &&
      digits(to.querySelector('[data-testid="column-count"]')) === spec.toCount &&
      digits(from?.querySelector('[data-testid="column-count"]') ?? null) === spec.fromCount
    );
  };
  const dropObserver = new MutationObserver(() => {
    const spec = armed;
    if (spec === null || dropped === 0 || !shown(spec)) return;
    armed = null;
    dropObserver.disconnect();
    const inDom = performance.now();
    const resolve = resolveDrop;
    afterPaint((painted) => resolve?.({ dropped, inDom, painted }));
  });
  const onDrop = (event: Event) => {
    if (armed === null || dropped !== 0) return;
    if (event instanceof KeyboardEvent && event.code !== 'Space' && event.code !== 'Enter') return;
    dropped = performance.now();
  };
  window.addEventListener('keydown', onDrop, { capture: true });
  window.addEventListener('pointerup', onDrop, { capture: true });

  w.__bench = {
    load,
    drop: null,
    /** Watches for the move; call after the card is picked up (so the pick-up key is not the drop). */
    arm(spec) {
      armed = spec;
      dropped = 0;
      w.__bench.drop = new Promise<DropMarks>((resolve) => {
        resolveDrop = resolve;
      });
      dropObserver.observe(document, { childList: true, subtree: true, characterData: true });
    },
  };
}

export function readLoad(): Partial<LoadMarks> {
  return (window as unknown as BenchWindow).__bench.load;
}

export function arm(spec: DropSpec): void {
  (window as unknown as BenchWindow).__bench.arm(spec);
}

export function awaitDrop(timeoutMs: number): Promise<DropMarks | null> {
  const drop = (window as unknown as BenchWindow).__bench.drop;
  return Promise.race([
    drop ?? Promise.resolve(null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
}

/** What the document and the board's first request cost (Navigation and Resource Timing). */
export function loadBreakdown(): Record<string, number> {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const script = resources.find((r) => r.initiatorType === 'script' && /\/assets\/.*\.js$/.test(r.name));
  const kanban = resources.find((r) => r.name.includes('/api/deals/kanban?'));
  return {
    documentEnd: nav?.responseEnd ?? NaN,
    scriptEnd: script?.responseEnd ?? NaN,
    scriptBytes: script?.encodedBodySize ?? NaN,
    domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
    kanbanStart: kanban?.startTime ?? NaN,
    kanbanEnd: kanban?.responseEnd ?? NaN,
    kanbanBytes: kanban?.encodedBodySize ?? NaN,
  };
}
