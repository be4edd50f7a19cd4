/**
 * Command ids chosen by the console. The server executes a given id at most once, so a command
 * retried after a lost ack cannot switch the wall twice.
 *
 * `crypto.randomUUID` exists only in secure contexts (https or localhost); the tablets in the
 * operations room reach the server over plain http on the LAN, so the id is built from
 * `crypto.getRandomValues`, which every browser has in every context.
 */

/** Fills a byte array with random values; `crypto.getRandomValues` in production. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const defaultFill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** The shape of the ids this module makes: an RFC 4122 version 4 UUID, lower case. */
export const CLIENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh random id in UUID v4 form (36 characters, fits the protocol's 8-64 limit). */
export function makeClientId(fill: RandomFill = defaultFill): string {
  const bytes = fill(new Uint8Array(16));
  // Version 4 and the RFC 4122 variant, so the id reads as a UUID in server logs.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
