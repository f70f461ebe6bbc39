// The amoCRM portal address as people type it — `company`, `company.amocrm.ru`, `company.kommo.com`,
// `https://company.amocrm.ru/leads/pipeline` — turned into the portal's base URL (origin).
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The base URL, or null when the text is not an address. A bare word is an amocrm.ru subdomain. */
export function portalBaseUrl(input: string): string | null {
  const text = input.trim().toLowerCase();
  if (!text || /\s/.test(text)) return null;
  if (SUBDOMAIN.test(text)) return `https://${text}.amocrm.ru`;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (
    url.username ||
    url.password ||
    !url.hostname ||
    (!url.hostname.includes('.') && !url.hostname.startsWith('['))
  )
    return null;
  return url.origin;
}
