import { z } from 'zod';
import { LabelSchema } from './i18n.js';

/** Protocol drivers a device profile can name. */
export const DriverNameSchema = z.enum(['osc', 'samsung-mdc', 'lg', 'nec', 'pjlink', 'extron-sis', 'videohub', 'template']);
export type DriverNameWire = z.infer<typeof DriverNameSchema>;

/** Display inputs the display drivers can select (each driver maps them to its own codes). */
export const DisplaySourceSchema = z.enum(['hdmi1', 'hdmi2', 'dp', 'dvi']);
export type DisplaySource = z.infer<typeof DisplaySourceSchema>;

/** How the server reaches a device. */
export const TransportSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('serial'),
    /** e.g. `/dev/ttyUSB0`, or a pty made by socat in tests. */
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
  z.strictObject({ kind: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535) }),
  z.strictObject({ kind: z.literal('udp'), host: z.string().min(1), port: z.number().int().min(1).max(65535) }),
]);
export type Transport = z.infer<typeof TransportSchema>;

/** Timing rules of a device: the documents require a configurable maximum of retries. */
export const DeviceTimingSchema = z.strictObject({
  /** Quiet time between two commands (NEC asks for 600 ms). */
  gapMs: z.number().int().min(0).max(10_000).default(50),
  /** How long to wait for a reply before the attempt counts as failed. */
  replyTimeoutMs: z.number().int().min(50).max(60_000).default(2000),
  maxRetries: z.number().int().min(0).max(20).default(3),
  /** First retry delay; doubled for each further retry. */
  backoffMs: z.number().int().min(0).max(60_000).default(250),
  /**
   * Quiet time after particular driver commands, instead of `gapMs`: a display that has just
   * been switched on ignores commands for seconds (e.g. `{ "power": 8000 }`).
   */
  commandGapMs: z.record(z.string().min(1), z.number().int().min(0).max(120_000)).default({}),
});
export type DeviceTiming = z.infer<typeof DeviceTimingSchema>;

/**
 * A device profile: one file in `layouts/devices/`. Credentials are never written in the file:
 * it names an environment variable or a secrets file that holds them.
 */
export const DeviceProfileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'expected an id: lower case letters, digits, - and _' }),
  name: LabelSchema,
  driver: DriverNameSchema,
  transport: TransportSchema,
  /** Display ID, set ID or monitor ID on a shared line. */
  address: z.union([z.number().int().min(0).max(255), z.string().min(1).max(8)]).optional(),
  timing: DeviceTimingSchema.prefault({}),
  credentials: z
    .strictObject({
      passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
      passwordFile: z.string().min(1).optional(),
    })
    .optional(),
  /** Driver options (OSC framing and addresses, template commands...). */
  options: z.record(z.string(), z.unknown()).optional(),
  /**
   * A device of the demo room: the server reaches it only while the demo room runs
   * (`DEMO_ROOM`), at the emulator the room started for it in that run (a free loopback port,
   * or a pty under the data folder); the host, port or path written here are then ignored.
   * Without the demo room a demo device does not exist.
   */
  demo: z.boolean().optional(),
  /** The wall display this device is (for a wall's monitors): calibration then uses its own brightness. */
  wallDisplay: z.strictObject({ wall: z.string().min(1).max(64), display: z.string().min(1).max(64) }).optional(),
  /**
   * The content servers (their SERVER_NAME, by default the machine's host name) that can reach
   * the device: a serial port is wired to one machine. With several servers, one of these owns
   * the device's queue at a time and the others pass commands to it; absent: any server can
   * (a device on the network). A serial device of a center with several servers must say.
   */
  reachableFrom: z.array(z.string().min(1).max(253)).min(1).max(16).optional(),
});
export type DeviceProfile = z.infer<typeof DeviceProfileSchema>;

/** Connection state of a device as consoles and `GET /api/v1/devices` show it. */
export const DeviceStatusSchema = z.object({
  id: z.string(),
  name: LabelSchema,
  driver: DriverNameSchema,
  status: z.enum(['online', 'offline', 'error', 'connecting']),
  /** Queued commands not yet sent. */
  queued: z.number().int().nonnegative(),
  lastReplyAt: z.number().nullable(),
  lastError: z.string().nullable(),
  state: z.record(z.string(), z.unknown()),
  /** The wall display this device is, from its profile. */
  wallDisplay: z.object({ wall: z.string(), display: z.string() }).optional(),
  /** With several servers: the server whose queue drives the device now (null: none can reach it now). */
  owner: z.string().nullable().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
