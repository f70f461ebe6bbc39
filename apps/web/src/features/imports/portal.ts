// The host an amoCRM address will be reached at, as the outbound allow-list names it (`host` or
// `host:port`): the same reading of the address as the server's (a subdomain, a domain, or a URL).
export function portalHost(input: string): string | null {
  const text = input.trim();
  if (text === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
    ? text
    : `https://${/^[a-z0-9-]+$/i.test(text) ? `${text}.amocrm.ru` : text}`;
  try {
    return new URL(withScheme).host.toLowerCase() || null;
  } catch {
    return null;
  }
}
