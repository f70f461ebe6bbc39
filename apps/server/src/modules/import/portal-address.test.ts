import { describe, expect, it } from 'vitest';
import { portalBaseUrl } from './portal-address.js';

describe('portal address', () => {
  it('reads a subdomain, a domain or a URL as the portal origin', () => {
    expect(portalBaseUrl('company')).toBe('https://company.amocrm.ru');
    expect(portalBaseUrl(' Company.amoCRM.ru ')).toBe('https://company.amocrm.ru');
    expect(portalBaseUrl('company.kommo.com')).toBe('https://company.kommo.com');
    expect(portalBaseUrl('https://company.amocrm.ru/leads/pipeline/1?x=1')).toBe('https://company.amocrm.ru');
    expect(portalBaseUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      'my company',
      'ftp://company.amocrm.ru',
      'https://user:pw@company.amocrm.ru',
      '-bad-',
      'http://localhost',
    ])
      expect(portalBaseUrl(bad), bad).toBeNull();
  });
});
