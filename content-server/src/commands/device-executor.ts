import type { CommandDefinition, DeviceExchange, UndoCommand } from '@ioc/protocol';
import { InvalidDeviceCommand, type DeviceHandle, type DevicesDomain } from '../devices/index.js';
import { CommandRefusal } from './refusal.js';

type Args = Record<string, unknown>;

/** One driver-level command a catalog command becomes. */
export interface DriverStep {
  command: string;
  args: Args;
}

const without = (args: Args, ...keys: string[]): Args => Object.fromEntries(Object.entries(args).filter(([k]) => !keys.includes(k)));

/**
 * The translation rules: a catalog command and its arguments -> the driver commands that carry
 * it out, in order. The driver then turns each into its protocol's bytes.
 */
export function translate(name: string, args: Args): DriverStep[] {
  const rest = without(args, 'device');
  switch (name) {
    case 'display.power':
    case 'projector.power':
      return [{ command: 'power', args: rest }];
    case 'display.input':
    case 'projector.input':
      return [{ command: 'input', args: rest }];
    case 'display.volume':
      return [{ command: 'volume', args: rest }];
    case 'display.mute':
    case 'projector.mute':
      return [{ command: 'mute', args: rest }];
    case 'display.brightness':
      return [{ command: 'brightness', args: rest }];
    case 'display.wall': {
      const layout = args.layout as Args | undefined;
      const on = { command: 'wall', args: { on: args.on } };
      return layout ? [{ command: 'wall.layout', args: layout }, on] : [on];
    }
    case 'matrix.route':
      return [{ command: 'route', args: rest }];
    case 'matrix.preset.recall':
      return [{ command: 'preset.recall', args: rest }];
    case 'matrix.preset.save':
      return [{ command: 'preset.save', args: rest }];
    case 'audio.volume':
    case 'audio.mute':
    case 'light.level':
    case 'osc.send':
      return [{ command: name, args: rest }];
    case 'device.status':
      return [{ command: 'status', args: {} }];
    case 'device.send':
      return [{ command: String(args.command), args: (args.args as Args | undefined) ?? {} }];
    default:
      throw new CommandRefusal('unsupported', `no translation for ${name}`);
  }
}

/** The command that puts back what the device reported before, where its replies told us. */
export function undoFor(name: string, args: Args, before: Record<string, unknown>): UndoCommand | null {
  const device = args.device;
  const back = (a: Args): UndoCommand => ({ name, args: { device, ...a } });
  const prev = (key: string) => before[key];
  switch (name) {
    case 'display.power':
    case 'projector.power': {
      const p = prev('power');
      if (p !== 'on' && p !== 'off') return null;
      return (p === 'on') !== args.on ? back({ on: p === 'on' }) : null;
    }
    case 'display.input':
    case 'projector.input':
      return typeof prev('input') === 'string' && prev('input') !== args.source ? back({ source: prev('input') }) : null;
    case 'display.volume':
    case 'display.brightness': {
      const key = name === 'display.volume' ? 'volume' : 'brightness';
      return typeof prev(key) === 'number' && prev(key) !== args.level ? back({ level: prev(key) }) : null;
    }
    case 'display.mute':
      return typeof prev('mute') === 'boolean' && prev('mute') !== args.on ? back({ on: prev('mute') }) : null;
    case 'audio.mute':
      return back({ channel: args.channel, on: !args.on });
    case 'projector.mute':
      return back({ on: !args.on, target: args.target ?? 'all' });
    case 'matrix.route': {
      const routes = prev('routes') as Record<string, number> | undefined;
      const was = routes?.[String(args.output)];
      return typeof was === 'number' && was !== args.input ? back({ input: was, output: args.output }) : null;
    }
    default:
      return null;
  }
}

/** Checks that the device exists and its driver can do the command; returns it and its steps. */
export function planDeviceCommand(devices: DevicesDomain, def: CommandDefinition, args: Args): { device: DeviceHandle; steps: DriverStep[]; urgent: boolean } {
  const id = String(args.device);
  const device = devices.get(id);
  if (!device) throw new CommandRefusal('not_found', `unknown device "${id}"`, 'device');
  const driver = device.profile.driver;
  if (def.drivers && !def.drivers.includes(driver)) {
    throw new CommandRefusal('unsupported', `${def.name} is not for device "${id}" (a ${driver} device); it works with ${def.drivers.join(', ')}`, 'device');
  }
  const steps = translate(def.name, args);
  for (const s of steps) {
    if (!device.supports(s.command)) throw new CommandRefusal('unsupported', `device "${id}" (${driver}) has no command "${s.command}"`, def.name === 'device.send' ? 'command' : 'device');
  }
  // The catalog decides, from the arguments, whether this is a safety action that jumps the queue.
  return { device, steps, urgent: def.urgent?.(args) === true };
}

/**
 * Sends the steps in order on the device's queue; stops at the first failure. Returns what went
 * over the wire for the result and the audit log.
 */
export async function runDeviceSteps(device: DeviceHandle, steps: readonly DriverStep[], opts: { urgent?: boolean } = {}): Promise<{ ok: boolean; exchanges: DeviceExchange[]; error?: CommandRefusal }> {
  const exchanges: DeviceExchange[] = [];
  for (const step of steps) {
    let outcome;
    try {
      outcome = await device.send(step.command, step.args, opts);
    } catch (err) {
      if (err instanceof InvalidDeviceCommand) return { ok: false, exchanges, error: new CommandRefusal('invalid', err.message, err.field ?? undefined) };
      throw err;
    }
    const base = { device: device.profile.id, command: step.command, summary: outcome.summary, attempts: outcome.attempts, sent: outcome.sent, replies: outcome.replies, durationMs: outcome.durationMs };
    if (outcome.ok) {
      exchanges.push({ ...base, ok: true });
      continue;
    }
    exchanges.push({ ...base, ok: false, failure: outcome.code, error: outcome.error });
    if (outcome.code === 'queue_full') return { ok: false, exchanges, error: new CommandRefusal('queue_full', `${device.profile.id}: hàng đợi lệnh của thiết bị đã đầy; thử lại sau / the device's command queue is full (${outcome.error})`) };
    return { ok: false, exchanges, error: new CommandRefusal('device_failed', `${device.profile.id}: ${outcome.error}`) };
  }
  return { ok: true, exchanges };
}
