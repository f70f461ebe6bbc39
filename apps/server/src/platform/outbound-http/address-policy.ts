// Which addresses outbound requests may reach. A user-supplied URL (an amoCRM portal, later webhook
// targets) must not turn the server into a proxy to its own network (SSRF): loopback, private, link-local,
// CGNAT, multicast and reserved addresses are refused unless an administrator allowed the host. IPv6 forms
// that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
import net from 'node:net';

const blockedV4 = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(network, prefix, 'ipv4');
}

const blockedV6 = new net.BlockList();
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, 'ipv6');
}

/** The 8 16-bit groups of an IPv6 address (expanding `::` and a dotted IPv4 tail). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((g) => parseInt(g, 16) || 0);
}

const v4FromGroups = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one. */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (g.length !== 8) return null;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated but still parsed by stacks).
  if (zeroTo(5) && (g5 === 0xffff || (g5 === 0 && (g6 !== 0 || g7 > 1)))) return v4FromGroups(g6, g7);
  // ::ffff:0:a.b.c.d (SIIT translated).
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return v4FromGroups(g6, g7);
  // 64:ff9b::/96 NAT64.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return v4FromGroups(g6, g7);
  // 2002::/16 6to4 carries the IPv4 address in groups 1-2.
  if (g0 === 0x2002) return v4FromGroups(g1, g2);
  return null;
}

/** True when a request must not go to this IP address (literal, as DNS returned it). */
export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blockedV4.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return blockedV4.check(v4, 'ipv4');
    return blockedV6.check(address.split('%')[0] ?? address, 'ipv6');
  }
  // Not an IP address at all: refuse rather than guess.
  return true;
}

/**
 * An allow-list entry as stored: a lower-case host name or IP address, optionally with `:port`
 * (IPv6 in brackets). Returns null for anything else (paths, schemes, wildcards, spaces).
 */
export function normalizeAllowedHost(entry: string): string | null {
  const text = entry.trim().toLowerCase();
  if (!text || /[/\s@?#*]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  // URL drops a port equal to the scheme default; keep what the administrator wrote.
  const port = /:(\d+)$/.exec(text)?.[1];
  const host = url.hostname;
  if (!host || host.endsWith('.')) return null;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  return port !== undefined ? `${host}:${Number(port)}` : host;
}

/** Whether the URL's host (and port) matches one of the entries: `host` allows any port, `host:port` one. */
export function isHostAllowed(url: URL, entries: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((entry) => entry === host || entry === `${host}:${port}`);
}
