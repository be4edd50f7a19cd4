import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live (non-zombie) processes of a process group, read from /proc. On a system without /proc
 * the answer is empty: there is nothing to wait for that we could see.
 */
export function groupMembers(pgid: number): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // fields after "pid (comm) ": state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(name));
    } catch {
      // it ended while we looked
    }
  }
  return members;
}

/**
 * Waits until no live process is left in the group. A SIGKILLed process is not gone at once: the
 * kernel still has to tear it down (a renderer's large mappings take a while on a busy machine).
 * Resolves true when the group is empty, false when `timeoutMs` passed first.
 */
export async function groupGone(pgid: number, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (groupMembers(pgid).length === 0) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
