import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This server process's identity in the cluster: its host, its process and a random part, so a
 * restarted server is a new owner (its predecessor's leases are not silently its own).
 */
export function newServerId(host = hostname(), pid = process.pid): string {
  return `${host}/${pid}/${randomBytes(3).toString('hex')}`;
}
