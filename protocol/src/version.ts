/**
 * Version of the wire contract. Bump it on any change that an older peer could misread;
 * peers compare it in `wall:join` and the console handshake and refuse a mismatch clearly.
 */
export const PROTOCOL_VERSION = 3 as const;

/** Time zone of every time shown or exchanged (the documents require Vietnam time, ISO 8601). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh' as const;

/** Offset of Asia/Ho_Chi_Minh from UTC in minutes. Viet Nam has no daylight saving time. */
export const VN_OFFSET_MINUTES = 7 * 60;
