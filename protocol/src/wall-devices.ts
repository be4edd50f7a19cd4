import { z } from 'zod';

/**
 * Enrollment of wall renderers. A renderer with no device token asks for a pairing code
 * (`pairing:request`) and shows it; a technician assigns the code to a wall position
 * (`POST /api/v1/wall-devices/enroll`); the renderer receives its device token on the same
 * socket (`device:enrolled`), keeps it, and connects with it in `auth.token` from then on.
 * Without a valid token a renderer receives no data.
 */

/** Letters and digits of a pairing code: no 0/O, 1/I/L, so a code read across a room is not misread. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Characters in a pairing code. */
export const PAIRING_CODE_LENGTH = 6;
/** How long a pairing code is valid before the renderer shows a new one, ms. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** Prefix of a device token (`iow_` and 32 random bytes in base64url). */
export const DEVICE_TOKEN_PREFIX = 'iow_';

/**
 * A code as typed by a person: case, spaces and dashes do not matter (`k7m-q4p` is `K7MQ4P`).
 * Returns null when it cannot be a pairing code.
 */
export function normalisePairingCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  for (const c of code) if (!PAIRING_ALPHABET.includes(c)) return null;
  return code;
}

/** A code as shown on screen and in the console: two groups of three (`K7M Q4P`). */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

const Id = z.string().trim().min(1).max(64);

/** Where the page says it stands (its URL), a hint for the technician; never trusted. */
export const PairingHintSchema = z.strictObject({
  wallId: Id.optional(),
  displayId: Id.optional(),
  rendererId: Id.optional(),
});
export type PairingHint = z.infer<typeof PairingHintSchema>;

/** `pairing:request`: a renderer without a token asks for a code. */
export const PairingRequestSchema = z.strictObject({
  protocolVersion: z.number().int(),
  hint: PairingHintSchema.optional(),
});
export type PairingRequest = z.infer<typeof PairingRequestSchema>;

/** A code to show, and when it stops being valid (server epoch ms). */
export interface PairingCode {
  code: string;
  expiresAt: number;
  serverTime: number;
}

/**
 * Answer to `pairing:request`: a code; or `open` when the server lets any renderer in (no
 * enrollment: the page goes on with its URL); or a refusal.
 */
export type PairingResult = ({ ok: true } & PairingCode) | { ok: false; open: true } | { ok: false; open?: false; error: string };

/** The position a device is enrolled at: a display of a wall, or one of its renderers (several displays). */
export interface WallDevicePosition {
  wallId: string;
  displayId: string | null;
  rendererId: string | null;
}

/** An enrolled device, as the API shows it (never its token). */
export interface WallDevice extends WallDevicePosition {
  id: number;
  name: string;
  /** Who enrolled it (`user:lan`, `cli:root`, `demo`). */
  enrolledBy: string;
  /** Epoch ms, and the same in ISO 8601 +07:00. */
  enrolledAt: number;
  enrolledTime: string;
  lastSeenAt: number | null;
  revokedAt: number | null;
  /** True while a renderer holding this token is connected. */
  connected: boolean;
}

/** Sent to the renderer that showed the code, once a technician assigned it. */
export interface DeviceEnrolled {
  token: string;
  device: WallDevicePosition & { id: number; name: string };
}

/** Sent to a renderer connecting with a valid token: who it is. */
export type DeviceIdentity = DeviceEnrolled['device'];

/** The `connect_error` data of a socket that presented a token the server does not accept. */
export const DEVICE_TOKEN_REFUSED = 'device-token-refused';

/** A code waiting for a technician (`GET /api/v1/wall-devices/pending`). */
export interface PendingPairing {
  code: string;
  requestedAt: number;
  expiresAt: number;
  /** Seconds since the renderer first asked (renewals keep the first time). */
  ageS: number;
  hint: PairingHint;
  /** The renderer's network address and browser, to tell two pending screens apart. */
  address: string;
  userAgent: string;
}

/** Body of `POST /api/v1/wall-devices/enroll`: exactly one of `displayId` and `rendererId`. */
export const EnrollRequestSchema = z
  .strictObject({
    code: z.string().trim().min(1).max(32),
    wallId: Id,
    displayId: Id.optional(),
    rendererId: Id.optional(),
    name: z.string().trim().min(1).max(80).optional(),
  })
  .refine((b) => (b.displayId === undefined) !== (b.rendererId === undefined), {
    message: 'expected exactly one of displayId and rendererId',
    path: ['displayId'],
  });
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

/** A wall position and whether any active device holds it (`free` in the console's list). */
export interface WallPositionStatus {
  wallId: string;
  displayId: string | null;
  rendererId: string | null;
  /** Displays this position shows. */
  displays: string[];
  /** Active devices enrolled at it, or at a position covering one of its displays. */
  devices: number;
}

/** Prefix of a device's enrollment code (`iwc_` and 18 random bytes in base64url). */
export const DEVICE_CODE_PREFIX = 'iwc_';
/** How long an enrollment code printed for a page's address may be traded for its token, ms. */
export const DEVICE_CODE_TTL_MS = 10 * 60_000;

/**
 * Body of `POST /api/v1/wall-devices/exchange`: a page opened with `&code=` (printed by
 * `ops wall-device enroll` or the demo) trades it, once and within minutes, for its device
 * token; the token itself never appears in an address, so no proxy or server log holds it.
 */
export const DeviceCodeExchangeSchema = z.strictObject({ code: z.string().trim().min(1).max(64) });
export type DeviceCodeExchange = z.infer<typeof DeviceCodeExchangeSchema>;
