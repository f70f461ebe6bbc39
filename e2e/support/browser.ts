// One headless Chromium per spec file (Debian's build; playwright-core ships no browser), with a
// fresh context per user so cookies and storage stay apart.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { repoRoot } from './server.js';

export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ContextOptions {
  locale?: string;
}

export async function newContext(
  browser: Browser,
  baseUrl: string,
  options: ContextOptions = {},
): Promise<BrowserContext> {
  const locale = options.locale ?? 'en-US';
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale,
    viewport: { width: 1366, height: 860 },
    extraHTTPHeaders: { 'accept-language': locale },
  });
  context.setDefaultTimeout(15_000);
  return context;
}

export interface SpecBrowser {
  /** A page in a context of its own (one per person), closed after the spec file's tests. */
  newPage(options?: ContextOptions): Promise<Page>;
  /** A context of its own for a single test, which closes it itself. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
}

/**
 * The browser of a spec file: call it at the top of the file. The browser is launched before the
 * file's tests and closed after them; open pages from a `beforeAll` or a test.
 */
export function useBrowser(): SpecBrowser {
  const baseUrl = inject('baseUrl');
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  const openContext = (options?: ContextOptions) => {
    if (browser === undefined) throw new Error('useBrowser(): the browser is not launched yet');
    return newContext(browser, baseUrl, options);
  };
  return {
    newContext: openContext,
    async newPage(options) {
      const context = await openContext(options);
      contexts.push(context);
      return context.newPage();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, name);
  // Park the pointer so no hover state shows; let transitions finish.
  await page.mouse.move(0, 0);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Waits until the locator's text matches (visible element). */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last =
      (await locator
        .first()
        .textContent()
        .catch(() => null)) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `expected ${String(locator)} to contain ${String(text)}, last text: ${JSON.stringify(last)}`,
  );
}

/** Polls `probe` until it returns true. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
