// Who may call POST /api/messages. With Bot Framework credentials anyone may try: the adapter checks the
// token (and that the token's serviceurl claim is the activity's serviceUrl). Without them the adapter
// cannot tell Teams from anyone else, so requests are refused unless TEAMS_LOCAL_ONLY=1 says this is a
// laptop trial. Even then only this machine is served: the socket's peer must be loopback (never a forwarded
// header, which a client could set to anything); a request carrying proxy headers came through a proxy, so
// from anywhere, even though its socket is loopback; and replies may only go to a connector on this machine,
// since a caller choosing serviceUrl chooses who receives the bot's replies and who answers its roster
// look-ups.
import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import type { TeamsConfig } from '../config/config.ts';

export type TeamsAccessMode = 'bot-framework' | 'local-only' | 'closed';

export type GuardDecision = { allowed: true } | { allowed: false; reason: string };

export function teamsAccessMode(config: Pick<TeamsConfig, 'authenticated' | 'localOnly'>): TeamsAccessMode {
  if (config.authenticated) return 'bot-framework';
  return config.localOnly ? 'local-only' : 'closed';
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const unmapped = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIPv4(unmapped)) return unmapped.split('.')[0] === '127';
  if (!isIPv6(address)) return false;
  const groups = expandIPv6(address);
  if (groups === '0000:0000:0000:0000:0000:0000:0000:0001') return true;
  // IPv4-mapped in hex form, ::ffff:7f00:1 = 127.0.0.1
  return groups.startsWith('0000:0000:0000:0000:0000:ffff:7f');
}

function expandIPv6(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return groups.map((group) => group.padStart(4, '0')).join(':');
}

/** An http(s) URL on this machine: `localhost`, 127.x.x.x or [::1]. */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost') return true;
  return isLoopbackAddress(host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);
}

/** Headers a reverse proxy adds (RFC 7239 Forwarded, the de facto X-Forwarded-* and X-Real-IP, and Via). */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'] as const;

function proxyHeaderOf(headers: IncomingHttpHeaders): string | undefined {
  return PROXY_HEADERS.find((name) => headers[name] !== undefined);
}

/** The checks made before the body is read. */
export function guardTeamsRequest(
  mode: TeamsAccessMode,
  request: { remoteAddress: string | undefined; headers: IncomingHttpHeaders },
): GuardDecision {
  switch (mode) {
    case 'bot-framework':
      return { allowed: true };
    case 'closed':
      return {
        allowed: false,
        reason:
          'TEAMS_APP_ID/TEAMS_APP_PASSWORD are not set and TEAMS_LOCAL_ONLY is off, so requests without a Bot Framework token are refused',
      };
    case 'local-only': {
      if (!isLoopbackAddress(request.remoteAddress)) {
        return { allowed: false, reason: 'TEAMS_LOCAL_ONLY=1 serves requests from this machine only' };
      }
      const proxyHeader = proxyHeaderOf(request.headers);
      if (proxyHeader) {
        return { allowed: false, reason: `TEAMS_LOCAL_ONLY=1 refuses requests that came through a proxy (${proxyHeader} header)` };
      }
      return { allowed: true };
    }
  }
}

/** The check made on the activity before the adapter sees it: where would the replies go? */
export function guardServiceUrl(mode: TeamsAccessMode, serviceUrl: unknown): GuardDecision {
  if (mode !== 'local-only' || isLoopbackServiceUrl(serviceUrl)) return { allowed: true };
  const shown = typeof serviceUrl === 'string' ? JSON.stringify(serviceUrl.slice(0, 200)) : 'missing';
  return { allowed: false, reason: `TEAMS_LOCAL_ONLY=1 replies only to a connector on this machine; the activity's serviceUrl is ${shown}` };
}

/** How Teams runs, for the startup log and /healthz. */
export function describeTeamsAccess(config: Pick<TeamsConfig, 'authenticated' | 'localOnly'>): { enabled: boolean; detail: string } {
  switch (teamsAccessMode(config)) {
    case 'bot-framework':
      return { enabled: true, detail: 'POST /api/messages, authenticated with TEAMS_APP_ID/TEAMS_APP_PASSWORD' };
    case 'local-only':
      return {
        enabled: true,
        detail:
          'local-only (TEAMS_LOCAL_ONLY=1): POST /api/messages serves requests from this machine only, not through a proxy, ' +
          'replying only to a connector on this machine (Agents Playground, tests); never use this in production',
      };
    case 'closed':
      return {
        enabled: false,
        detail:
          'off: TEAMS_APP_ID/TEAMS_APP_PASSWORD are not set, so POST /api/messages refuses every request ' +
          '(set them for production, or TEAMS_LOCAL_ONLY=1 to try Teams on this machine)',
      };
  }
}
