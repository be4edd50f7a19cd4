import type { ApiErrorItem } from '@ioc/protocol';
import type { ApiKey } from '../auth/api-keys.js';
import type { User } from '../auth/users.js';
import type { StoredObservation } from '../store/index.js';

/**
 * Who submits a batch of observations: an API key (a reporting system; bound to a unit or not)
 * or the session of a user bound to a reporting unit (a unit's own account). Ingest needs only
 * this much of either, so a user is never dressed up as a key.
 */
export interface Submitter {
  kind: 'key' | 'user';
  /** The key's or the user's name. */
  name: string;
  /** The key's id (kept with each value as `api_key_id`); null for a user. */
  apiKeyId: number | null;
  /** Demo and test keys mark what they send as synthetic; people never do. */
  synthetic: boolean;
  /** The only unit whose observations it may submit; null: any unit (a key bound to none). */
  unit: string | null;
}

export function submitterOfKey(key: ApiKey): Submitter {
  return { kind: 'key', name: key.name, apiKeyId: key.id, synthetic: key.synthetic, unit: key.unit };
}

/** A user submits only when bound to a unit: null for one who is not (the caller refuses them). */
export function submitterOfUser(user: User): Submitter | null {
  return user.unit === null ? null : { kind: 'user', name: user.username, apiKeyId: null, synthetic: false, unit: user.unit };
}

/** The submission's `submitter` and the audit row's actor: `key:<name>` or `user:<name>`. */
export function submitterActor(s: Submitter): string {
  return `${s.kind}:${s.name}`;
}

/** Why a signed-in user without a unit may not submit (403), in both languages. */
export function noUnitMessage(username: string): { en: string; vi: string } {
  return {
    en: `user "${username}" is bound to no reporting unit, so may not submit observations; an admin binds a unit's own account to its unit (Users screen, or ops user unit)`,
    vi: `Người dùng "${username}" chưa gắn với đơn vị báo cáo nào nên không được gửi số liệu; quản trị viên gắn tài khoản của đơn vị với đơn vị đó (màn hình Người dùng, hoặc ops user unit)`,
  };
}

/** One 403 error per row of another unit than the submitter's own (a unit reports for itself only). */
export function forOtherUnits(items: readonly StoredObservation[], s: Submitter): ApiErrorItem[] {
  const errors: ApiErrorItem[] = [];
  items.forEach((o, index) => {
    if (s.unit === null || o.unit === s.unit) return;
    const en = `${s.kind} "${s.name}" reports for unit "${s.unit}" only, not for unit "${o.unit}"`;
    const vi = `${s.kind === 'key' ? 'Khóa' : 'Người dùng'} "${s.name}" chỉ được gửi số liệu của đơn vị "${s.unit}", không phải của đơn vị "${o.unit}"`;
    errors.push({ index, field: 'unit', message: en, text: { vi, en } });
  });
  return errors;
}
