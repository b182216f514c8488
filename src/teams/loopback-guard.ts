// Without Bot Framework credentials the adapter cannot tell Teams from anyone else, so the endpoint only
// serves this machine (the Agents Playground and tests). The check uses the socket's peer address, never a
// forwarded header, which a remote client could set to anything.
import { isIPv4, isIPv6 } from 'node:net';

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
