// Settings → Webhooks: an administrator subscribes a local receiver (allowed through the outbound
// allow-list), keeps the secret shown once, sends a test (signed; seen by the receiver), reads the result
// and the delivery log, and sees a refused private address named on the URL field.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText } from '../support/browser.js';
import { field, json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

describe('webhooks settings', () => {
  let page: Page;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answer = 503;
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 204 ? '' : 'try later');
    });
  });
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('hooks'));
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('refuses a loopback URL nobody allowed, on the URL field', async () => {
    await page.goto('/settings/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await field(dialog, 'URL').fill(`http://127.0.0.1:${port}/in`);
    await field(dialog, 'Events').click();
    await page.getByRole('option', { name: 'deal.created' }).click();
    await dialog.getByRole('heading', { name: 'New webhook' }).click(); // closes the options
    await dialog.getByRole('button', { name: 'Create' }).click();
    await waitForText(dialog, /private or reserved address/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a webhook to an allowed host and shows its secret once', async () => {
    await json(
      await page.request.put('/api/settings/outbound-hosts', { data: { hosts: [`127.0.0.1:${port}`] } }),
    );
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await field(dialog, 'URL').fill(`http://127.0.0.1:${port}/in`);
    await field(dialog, 'Events').click();
    await page.getByRole('option', { name: 'deal.created' }).click();
    await page.getByRole('option', { name: 'contact.updated' }).click();
    await dialog.getByRole('heading', { name: 'New webhook' }).click(); // closes the options
    await field(dialog, 'Description').fill('Склад');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Signing secret' });
    const secret = await field(secretDialog, 'Secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole('button', { name: 'Close' }).first().click();
    const row = page.getByTestId('webhook-row');
    await waitForText(row, '2 events');
    await waitForText(row, 'On');
  });

  it('sends a test, shows the answer, and logs it; sending again after a fix delivers', async () => {
    await page.getByRole('button', { name: `Send a test event to http://127.0.0.1:${port}/in` }).click();
    const result = page.getByRole('dialog', { name: 'Test event' });
    await waitForText(result, 'The test event was not accepted');
    await waitForText(result, 'HTTP 503');
    await waitForText(result, 'try later');
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'webhook.test' });
    await result.getByRole('button', { name: 'Close' }).first().click();

    answer = 204;
    await page.getByRole('button', { name: `Delivery log of http://127.0.0.1:${port}/in` }).click();
    const log = page.getByRole('dialog', { name: `Deliveries to 127.0.0.1:${port}/in` });
    const delivery = log.getByTestId('delivery-row').first();
    await waitForText(delivery, 'webhook.test');
    await waitForText(delivery, 'Failed');
    await screenshot(page, 'webhooks-log.png');
    await delivery.getByRole('button', { name: 'Send again now' }).click();
    await waitForText(delivery, 'Delivered');
    await waitForText(delivery, 'HTTP 204');
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
  });
});
