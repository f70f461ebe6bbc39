// Imports from other CRMs (MIGR-1..6): connections to the source (amoCRM first) and the outbound-host
// allow-list an administrator keeps for sources on private networks.
import { z } from 'zod';
import { idSchema } from './common.js';

/** The account's outbound allow-list: hosts (`crm.local`, `10.0.0.5:8080`) that may be on private addresses. */
export const outboundHostsSchema = z
  .object({
    hosts: z.array(z.string()).describe('Lower-case host names or IP addresses, optionally with `:port`'),
  })
  .meta({ id: 'OutboundHosts' });
export type OutboundHosts = z.infer<typeof outboundHostsSchema>;

export const updateOutboundHostsBodySchema = z.object({
  hosts: z
    .array(z.string().trim().min(1).max(260))
    .max(100)
    .describe('The whole list; `host` allows every port, `host:port` one'),
});

export const amoConnectBodySchema = z.object({
  portal: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('The amoCRM address: `company`, `company.amocrm.ru`, `company.kommo.com` or a full URL'),
  integrationId: z.string().trim().min(1).max(100).describe('"Integration ID" from the Keys and access tab'),
  secretKey: z.string().trim().min(1).max(200).describe('"Secret key" from the Keys and access tab'),
  authorizationCode: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe('"Authorization code": valid 20 minutes, single use'),
});
export type AmoConnectBody = z.infer<typeof amoConnectBodySchema>;

export const importConnectionStatusSchema = z
  .enum(['connected', 'reauthorization_required'])
  .describe('`reauthorization_required`: amoCRM refused the refresh token; connect again with a new code');

export const importConnectionSchema = z
  .object({
    id: idSchema,
    source: z.literal('amocrm'),
    status: importConnectionStatusSchema,
    portal: z.string().describe('The portal’s base URL, e.g. https://company.amocrm.ru'),
    integrationId: z.string(),
    remoteAccountId: z.number().int().nullable().describe('The account id in amoCRM'),
    accountName: z.string().nullable().describe('The account name in amoCRM'),
    connectedAt: z.iso.datetime({ offset: true }),
    connectedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'ImportConnection' });
export type ImportConnection = z.infer<typeof importConnectionSchema>;

export const importConnectionListSchema = z.object({ items: z.array(importConnectionSchema) });

export const amoRedirectUrlSchema = z
  .object({
    redirectUrl: z.url().describe('Paste into the amoCRM integration’s "Redirect link"'),
  })
  .meta({ id: 'AmoRedirectUrl' });
