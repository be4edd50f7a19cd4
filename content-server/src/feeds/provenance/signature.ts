import { verify } from 'node:crypto';
import type { ApiErrorItem } from '@ioc/protocol';
import type { UnitKeys } from './unit-keys.js';

/** Headers of a signed submission: the signing unit and the detached Ed25519 signature of the body bytes. */
export const SIGNER_HEADER = 'x-ioc-signer';
export const SIGNATURE_HEADER = 'x-ioc-signature';

export type SignatureCheck =
  | { kind: 'unsigned' }
  | { kind: 'verified'; unit: string; fingerprint: string; signature: string }
  | { kind: 'refused'; status: 400 | 403; errors: ApiErrorItem[] };

const refuse = (status: 400 | 403, field: string, message: string): SignatureCheck => ({ kind: 'refused', status, errors: [{ index: null, field, message }] });

/**
 * Checks a detached signature over the exact bytes received, against the active keys registered
 * for the signing unit. No headers: unsigned (allowed). A header without the other, an unknown
 * unit key or a signature that does not verify: refused; nothing of the submission is stored.
 */
export async function checkSignature(body: Buffer, headers: Record<string, string | string[] | undefined>, keys: UnitKeys): Promise<SignatureCheck> {
  const signer = headers[SIGNER_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (signer === undefined && signature === undefined) return { kind: 'unsigned' };
  if (typeof signer !== 'string' || signer.trim() === '') return refuse(400, 'signature', `a signed submission names its unit in ${SIGNER_HEADER}`);
  if (typeof signature !== 'string' || signature.trim() === '') return refuse(400, 'signature', `${SIGNER_HEADER} is set but ${SIGNATURE_HEADER} (base64 Ed25519 signature of the body) is missing`);
  const unit = signer.trim();
  const sig = Buffer.from(signature.trim(), 'base64');
  if (sig.length !== 64) return refuse(400, 'signature', `${SIGNATURE_HEADER} must be the base64 of a 64-byte Ed25519 signature; got ${sig.length} bytes`);
  const active = await keys.active(unit);
  if (active.length === 0) return refuse(403, 'signature', `no public key is registered for unit "${unit}"; an admin registers one at POST /api/v1/units/${unit}/keys`);
  for (const k of active) {
    if (verify(null, body, k.key, sig)) return { kind: 'verified', unit, fingerprint: k.fingerprint, signature: signature.trim() };
  }
  return refuse(403, 'signature', `the signature does not verify against the ${active.length} key(s) registered for unit "${unit}": the body was changed or signed with another key`);
}
