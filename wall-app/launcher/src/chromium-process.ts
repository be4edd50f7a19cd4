import { spawn } from 'node:child_process';
import { groupGone } from './process-group.js';

export interface ChromiumExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running Chromium (the browser process and, in its process group, all its children). */
export interface ChromiumProcess {
  readonly pid: number;
  /** The browser's DevTools WebSocket endpoint, once Chromium prints it. */
  readonly endpoint: Promise<string>;
  readonly exited: Promise<ChromiumExit>;
  readonly hasExited: boolean;
  /** Signals the whole process group: the browser, its zygotes and renderers. */
  kill(signal: NodeJS.Signals): void;
  /**
   * SIGKILLs the whole group and waits for the browser to exit and then, up to `timeoutMs`,
   * for the kernel to end every other process of the group (a killed renderer is not gone at
   * once). True when none is left.
   */
  killAll(timeoutMs?: number): Promise<boolean>;
}

/** How long `killAll` waits, after SIGKILL, for every process of the group to end, ms. */
const GROUP_GONE_TIMEOUT_MS = 2000;

const DEVTOOLS_LINE = /DevTools listening on (ws:\/\/\S+)/;

/**
 * Starts Chromium in its own process group, so that stopping it (or cleaning up after it was
 * killed) reaches every process it started. Its stderr is read for the DevTools endpoint; the
 * last lines are kept to explain a start that fails.
 */
export function spawnChromium(executable: string, args: readonly string[]): ChromiumProcess {
  const child = spawn(executable, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const tail: string[] = [];
  let buffer = '';
  let exited = false;
  const exitedPromise = new Promise<ChromiumExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      exited = true;
      resolve({ code: null, signal: null });
    });
  });
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = DEVTOOLS_LINE.exec(line);
        if (m?.[1]) resolve(m[1]);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    });
    child.once('error', (err) => reject(new Error(`cannot start ${executable}: ${err.message}`)));
    void exitedPromise.then((e) => reject(new Error(`chromium exited before DevTools was up (code ${e.code}, signal ${e.signal}): ${tail.slice(-5).join(' | ')}`)));
  });
  endpoint.catch(() => undefined);
  const pid = child.pid ?? -1;
  const kill = (signal: NodeJS.Signals) => {
    if (pid <= 0) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  return {
    pid,
    endpoint,
    exited: exitedPromise,
    get hasExited() {
      return exited;
    },
    kill,
    async killAll(timeoutMs = GROUP_GONE_TIMEOUT_MS) {
      kill('SIGKILL');
      await exitedPromise;
      return pid <= 0 || (await groupGone(pid, timeoutMs));
    },
  };
}
