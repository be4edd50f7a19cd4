import type { z } from 'zod';
import { formatPath } from './wall/layouts-validate.js';

/** One line for a socket ack: every zod issue as `path: message`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${formatPath(i.path) || '(payload)'}: ${i.message}`).join('; ');
}

/** Socket.io hands us whatever the peer sent; an ack may be missing or not a function. */
export function ackOf<T>(ack: unknown): (result: T) => void {
  return typeof ack === 'function' ? (ack as (result: T) => void) : () => {};
}
