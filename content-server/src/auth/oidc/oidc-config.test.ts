import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOidcEnv, parseRoleMap } from './oidc-config.js';
import { roleOfGroups } from './oidc-sign-in.js';

const base = { OIDC_ISSUER: 'https://idp.example.gov.vn/realms/ioc', OIDC_CLIENT_ID: 'ioc', OIDC_ROLE_MAP: 'ioc-admins=admin,ioc-ops=operator' };

describe('OIDC settings from the environment', () => {
  it('is off without OIDC_ISSUER, and says so when other OIDC_ variables are set alone', () => {
    expect(parseOidcEnv({})).toBeNull();
    expect(() => parseOidcEnv({ OIDC_CLIENT_ID: 'ioc' })).toThrow(/OIDC_CLIENT_ID set without OIDC_ISSUER/);
  });

  it('reads the issuer, client, secret file and role map; defaults the claims and scopes', () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'ioc-oidc-cfg-')), 'secret');
    writeFileSync(secret, 's3cret\n');
    const s = parseOidcEnv({ ...base, OIDC_CLIENT_SECRET_FILE: secret });
    expect(s).toMatchObject({ issuer: base.OIDC_ISSUER, clientId: 'ioc', clientSecret: 's3cret', redirectUri: null, scopes: 'openid profile email', groupsClaim: 'groups', usernameClaim: 'preferred_username' });
    expect([...s!.roleMap]).toEqual([['ioc-admins', 'admin'], ['ioc-ops', 'operator']]);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseOidcEnv({ ...base, OIDC_CLIENT_ID: '' })).toThrow(/OIDC_CLIENT_ID must be set/);
    // The role map may be absent: the store's groups map the provider's (auth/groups.ts).
    expect([...parseOidcEnv({ ...base, OIDC_ROLE_MAP: undefined })!.roleMap]).toEqual([]);
    expect(() => parseOidcEnv({ ...base, OIDC_ISSUER: 'http://idp.example.gov.vn' })).toThrow(/OIDC_ISSUER must be an https:\/\/ URL/);
    expect(parseOidcEnv({ ...base, OIDC_ISSUER: 'http://127.0.0.1:9000' })?.issuer).toBe('http://127.0.0.1:9000');
    expect(() => parseOidcEnv({ ...base, OIDC_CLIENT_SECRET_FILE: '/nonexistent/secret' })).toThrow(/OIDC_CLIENT_SECRET_FILE \/nonexistent\/secret cannot be read/);
    expect(() => parseRoleMap('{"g":"root"}')).toThrow(/maps group "g" to "root": expected one of viewer/);
    expect(() => parseRoleMap('{}')).toThrow(/maps no group/);
    expect(() => parseRoleMap('{bad')).toThrow(/not valid JSON/);
    expect(() => parseRoleMap('lonely')).toThrow(/"lonely" is not <group>=<role>/);
  });

  it('grants the highest role of any mapped group; none for unmapped groups', () => {
    const map = parseRoleMap('{"v":"viewer","o":"operator","a":"admin"}');
    expect(roleOfGroups(['x', 'o', 'v'], map)).toBe('operator');
    expect(roleOfGroups(['v', 'a'], map)).toBe('admin');
    expect(roleOfGroups(['x'], map)).toBeNull();
  });
});
