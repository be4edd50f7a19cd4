import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../../testing/engines.js';
import { checkSignature, SIGNATURE_HEADER, SIGNER_HEADER } from './signature.js';
import { UnitKeys } from './unit-keys.js';

const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), privateKey };
};

describe.each(ENGINES)('unit keys on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => new UnitKeys(await freshSql(engine));

  it('registers a key once (to any unit), lists a unit\'s keys oldest first, revokes one', async () => {
    const keys = await open();
    const a = pair();
    const b = pair();
    const added = await keys.add('01', a.pem, 'user:lan', 'office PC');
    expect(added).toMatchObject({ ok: true, key: { unit: '01', label: 'office PC', addedBy: 'user:lan', revokedAt: null, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const again = await keys.add('79', a.pem, 'user:lan');
    expect(again).toEqual({ ok: false, message: expect.stringMatching(/already registered/) });
    expect(await keys.add('01', 'not a key', 'user:lan')).toMatchObject({ ok: false });
    await keys.add('01', b.pem, 'user:lan');
    const listed = await keys.list('01');
    expect(listed.map((k) => k.publicKeyPem)).toEqual([a.pem, b.pem]);
    const fingerprint = listed[0]!.fingerprint;
    expect(await keys.revoke('01', fingerprint)).toBe(true);
    expect(await keys.revoke('01', fingerprint)).toBe(false);
    expect(await keys.revoke('79', listed[1]!.fingerprint)).toBe(false);
    expect((await keys.active('01')).map((k) => k.fingerprint)).toEqual([listed[1]!.fingerprint]);
    expect(await keys.list('79')).toEqual([]);
  });

  it('verifies a signed body against the unit\'s active keys, and stops at once when the key is revoked elsewhere', async () => {
    const sql = await freshSql(engine);
    const keys = new UnitKeys(sql);
    const { pem, privateKey } = pair();
    const added = await keys.add('01', pem, 'user:lan');
    const body = Buffer.from('{"observations":[]}');
    const headers = { [SIGNER_HEADER]: '01', [SIGNATURE_HEADER]: sign(null, body, privateKey).toString('base64') };
    expect(await checkSignature(body, headers, keys)).toMatchObject({ kind: 'verified', unit: '01' });
    // Another server (or `ops`) revokes it: this one's next check already refuses.
    await new UnitKeys(sql).revoke('01', added.ok ? added.key.fingerprint : '');
    expect(await checkSignature(body, headers, keys)).toMatchObject({ kind: 'refused', status: 403 });
  });
});
