import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

/** Shortest password accepted when one is set (login itself checks only what is stored). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest accepted anywhere; argon2 would take more, but nobody types more. */
export const MAX_PASSWORD_LENGTH = 256;

// argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1): about 30-60 ms
// a hash on one core, which bounds how fast anyone can guess even with the database in hand.
// The numeric 2 is Algorithm.Argon2id: a const enum from a .d.ts cannot be read under
// isolatedModules, only named as a type.
const ARGON2ID = 2 as Algorithm.Argon2id;
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const satisfies Options;

/** A password that breaks the policy; the message says which rule, never the password. */
export class PasswordPolicyError extends Error {
  override readonly name = 'PasswordPolicyError';
}

/** The policy's complaint about a new password, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `a password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'a password cannot be only spaces';
  return null;
}

/** Hashes a new password (PHC string, salt included); throws PasswordPolicyError if it is too weak. */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new PasswordPolicyError(problem);
  return hash(password, PASSWORD_HASH_OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * True when `password` matches `stored`. With no stored hash (unknown user, an OIDC user, a
 * user without a password) it still runs one argon2 verification against a throwaway hash of
 * the same cost and answers false, so that the answer's timing does not tell whether a user
 * name exists. A malformed stored hash also answers false.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  if (!stored) {
    dummyHash ??= hash(randomBytes(24).toString('base64url'), PASSWORD_HASH_OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    // A hash this library cannot read matches nothing; the caller sees a failed login.
    return false;
  }
}

/** True when a stored hash was made with weaker or other settings than today's: rehash at next login. */
export function needsRehash(stored: string): boolean {
  try {
    const o = parseOptions(stored);
    return o.algorithm !== ARGON2ID || o.memoryCost < PASSWORD_HASH_OPTIONS.memoryCost || o.timeCost < PASSWORD_HASH_OPTIONS.timeCost;
  } catch {
    return true;
  }
}
