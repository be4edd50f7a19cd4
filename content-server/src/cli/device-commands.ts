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

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('device drivers and devices');
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
