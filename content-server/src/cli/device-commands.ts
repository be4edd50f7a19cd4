import { randomUUID } from 'node:crypto';
import type { CommandResult, DeviceStatus } from '@ioc/protocol';
import type { Command } from 'commander';
import { DRIVER_NAMES, DriverError, toHex, type DriverContext } from '../devices/driver.js';
import { driverByName } from '../devices/drivers/index.js';

interface EncodeOptions {
  driver: string;
  command: string;
  args: string;
  address?: string;
  options?: string;
}

function parseJson(flag: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new DriverError(`${flag} is not valid JSON: ${(err as Error).message}`, flag);
  }
}

/**
 * Prints the bytes a driver would send for one device-level command, as upper-case hex pairs,
 * without sending anything: what a technician compares with a vendor's manual or a capture.
 */
export function encodeForCli(opts: EncodeOptions): { hex: string; summary: string; expectReply: boolean } {
  const driver = driverByName(opts.driver);
  if (!driver) throw new DriverError(`unknown driver "${opts.driver}"; drivers: ${DRIVER_NAMES.join(', ')}`, '--driver');
  const ctx: DriverContext = {};
  if (opts.address !== undefined) ctx.address = /^\d+$/.test(opts.address) ? Number(opts.address) : opts.address;
  if (opts.options !== undefined) ctx.options = parseJson('--options', opts.options) as Record<string, unknown>;
  const frame = driver.createCodec(ctx).encode(opts.command, parseJson('--args', opts.args));
  return { hex: toHex(frame.bytes), summary: frame.summary, expectReply: frame.expectReply };
}

/** Where the running server is and what to present to it (`--server`, `--token`, or IOC_SERVER / IOC_TOKEN). */
interface ServerOptions {
  server?: string;
  token?: string;
}

function serverOf(opts: ServerOptions): { base: string; token: string } {
  const base = (opts.server ?? process.env['IOC_SERVER'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = opts.token ?? process.env['IOC_TOKEN'];
  if (!token) throw new CliError('no credentials: pass --token <session token or API key> or set IOC_TOKEN (a technician or admin can send device commands)');
  return { base, token };
}

class CliError extends Error {}

async function call(opts: ServerOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const { base, token } = serverOf(opts);
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new CliError(`cannot reach the server at ${base}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) throw new CliError('the server refused the credentials (401): the token is unknown, expired or revoked');
  return { status: res.status, json };
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** One line per device: id, driver, status, queue, last reply, known state, last error. */
export function formatDeviceList(devices: DeviceStatus[], now = Date.now()): string {
  const rows = devices.map((d) => {
    const age = d.lastReplyAt === null ? '-' : `${Math.max(0, Math.round((now - d.lastReplyAt) / 1000))}s ago`;
    // What an operator checks at a glance; `info` (labels, firmware...) is in --json.
    const state = Object.entries(d.state)
      .filter(([k]) => k !== 'info')
      .map(([k, v]) => `${k}=${k === 'routes' ? routesText(v as Record<string, number>) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    return [d.id, d.driver, d.status, String(d.queued), age, state || '-', d.lastError ?? ''];
  });
  const head = ['DEVICE', 'DRIVER', 'STATUS', 'QUEUED', 'LAST REPLY', 'STATE', 'LAST ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** Routing as `out<-in` pairs, e.g. `1<-3,2<-3`. */
function routesText(routes: Record<string, number>): string {
  return Object.entries(routes)
    .map(([out, input]) => `${out}<-${input}`)
    .join(',');
}

/** What `ops device send` prints: each exchange's bytes out and in, then the outcome. */
export function formatExchange(result: CommandResult): string {
  const lines: string[] = [];
  for (const x of result.exchanges ?? []) {
    lines.push(`${x.device}: ${x.summary}`);
    x.sent.forEach((hex, i) => lines.push(`  sent    ${hex}`));
    for (const hex of x.replies) lines.push(`  reply   ${hex}`);
    lines.push(`  ${x.ok ? 'ok' : `FAILED (${x.failure ?? 'error'}): ${x.error ?? ''}`} after ${x.attempts} attempt(s), ${x.durationMs} ms`);
  }
  if (!result.ok) lines.push(`refused or failed (${result.error.code}): ${result.error.message}`);
  return lines.join('\n');
}

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('device drivers and devices');
  device
    .command('list')
    .description('every device of the running server with its live status (GET /api/v1/devices)')
    .option('--server <url>', 'the content server (default IOC_SERVER or http://127.0.0.1:8080)')
    .option('--token <token>', 'a session token or API key (default IOC_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (opts: ServerOptions & { json?: boolean }) => {
      await cli(async () => {
        const { status, json } = await call(opts, 'GET', '/api/v1/devices');
        if (status !== 200) throw new CliError(`the server answered ${status}: ${JSON.stringify(json)}`);
        process.stdout.write(opts.json ? `${JSON.stringify(json.devices, null, 2)}\n` : `${formatDeviceList(json.devices)}\n`);
      });
    });
  device
    .command('send <deviceId> <command> [args]')
    .description('send one driver command to a device through the server (catalog command device.send); prints the bytes sent and received')
    .option('--server <url>', 'the content server (default IOC_SERVER or http://127.0.0.1:8080)')
    .option('--token <token>', 'a session token or API key of a technician or admin (default IOC_TOKEN)')
    .action(async (deviceId: string, command: string, args: string | undefined, opts: ServerOptions) => {
      await cli(async () => {
        let parsed: unknown = {};
        if (args !== undefined) {
          try {
            parsed = JSON.parse(args);
          } catch (err) {
            throw new CliError(`args is not valid JSON: ${(err as Error).message}`);
          }
        }
        const envelope = { clientId: `cli-${randomUUID()}`, name: 'device.send', args: { device: deviceId, command, args: parsed } };
        const { json } = await call(opts, 'POST', '/api/v1/commands', envelope);
        const result = json as CommandResult;
        process.stdout.write(`${formatExchange(result)}\n`);
        if (!result.ok) process.exitCode = result.error.code === 'device_failed' ? 1 : 2;
      });
    });
  device
    .command('encode')
    .description('print the bytes a driver would send for a command (hex pairs), without sending')
    .requiredOption('--driver <name>', DRIVER_NAMES.join(' | '))
    .requiredOption('--command <command>', 'device-level command, e.g. power, input, route, osc.send')
    .option('--args <json>', 'arguments as JSON', '{}')
    .option('--address <id>', 'display ID / set ID / monitor ID')
    .option('--options <json>', 'driver options as in a device profile (e.g. OSC framing, template commands)')
    .action((opts: EncodeOptions) => {
      try {
        const out = encodeForCli(opts);
        process.stdout.write(`${out.hex}\n`);
        process.stderr.write(`${out.summary}${out.expectReply ? '' : ' (no reply expected)'}\n`);
      } catch (err) {
        if (!(err instanceof DriverError)) throw err;
        process.stderr.write(`ops device encode: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}

/** Runs a CLI action: a CliError is one line on stderr and exit code 2, not a stack trace. */
async function cli(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`ops device: ${err.message}\n`);
    process.exitCode = 2;
  }
}
