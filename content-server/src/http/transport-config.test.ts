// The transport part of the configuration: TLS_CERT/TLS_KEY, HOST, ALLOWED_ORIGINS, and what
// counts as the server's own origin. A wrong setting stops the start with a sentence.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { makeLocalPki, tlsInit } from './tls-ca.js';
import type { Audit, AuditEntry } from '../audit/index.js';
import { RefusalTally } from '../audit/refusal-tally.js';
import { OriginPolicy, originRefusals } from './origins.js';

const dir = mkdtempSync(join(tmpdir(), 'ioc-tls-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const made = tlsInit(join(dir, 'pki'), ['wall-server.example', '10.1.2.3']);

describe('TLS_CERT and TLS_KEY', () => {
  it('ops tls init writes a CA and a certificate for this machine and the extra names, owner-only', () => {
    expect(made.sans).toEqual(expect.arrayContaining(['localhost', hostname().toLowerCase(), '127.0.0.1', '::1', 'wall-server.example', '10.1.2.3']));
    for (const file of Object.values(made.files)) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => tlsInit(join(dir, 'pki'), [])).toThrow(/already exist.*--force/);
  });

  it('loads a matching pair and names what it covers', () => {
    const config = loadConfig({ TLS_CERT: made.files.cert, TLS_KEY: made.files.key });
    expect(config.tls?.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', 'wall-server.example']));
    expect(loadConfig({}).tls).toBeNull();
  });

  it('refuses half a pair, an unreadable file, a file that is not PEM, and a key of another certificate', () => {
    expect(() => loadConfig({ TLS_CERT: made.files.cert })).toThrow('TLS_CERT and TLS_KEY go together: TLS_KEY is not set');
    expect(() => loadConfig({ TLS_KEY: made.files.key })).toThrow('TLS_CERT is not set');
    expect(() => loadConfig({ TLS_CERT: join(dir, 'missing.pem'), TLS_KEY: made.files.key })).toThrow(/TLS_CERT: cannot read the certificate .*missing\.pem: ENOENT/);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    expect(() => loadConfig({ TLS_CERT: junk, TLS_KEY: made.files.key })).toThrow(/TLS_CERT: .*junk\.pem is not a PEM certificate/);
    expect(() => loadConfig({ TLS_CERT: made.files.cert, TLS_KEY: junk })).toThrow(/TLS_KEY: .*junk\.pem is not a PEM private key/);
    const otherKey = join(dir, 'other-key.pem');
    writeFileSync(otherKey, makeLocalPki({ sans: ['localhost'] }).keyPem);
    expect(() => loadConfig({ TLS_CERT: made.files.cert, TLS_KEY: otherKey })).toThrow(/TLS_CERT and TLS_KEY do not match/);
  });

  it('refuses an expired certificate', () => {
    const old = makeLocalPki({ sans: ['localhost'], now: new Date('2015-01-01T00:00:00Z') });
    writeFileSync(join(dir, 'old.pem'), old.certPem);
    writeFileSync(join(dir, 'old-key.pem'), old.keyPem);
    expect(() => loadConfig({ TLS_CERT: join(dir, 'old.pem'), TLS_KEY: join(dir, 'old-key.pem') })).toThrow(/expired on 2017-/);
  });
});

describe('HOST and ALLOWED_ORIGINS', () => {
  it('binds loopback outside the demo, every interface with the demo, HOST otherwise', () => {
    expect(loadConfig({ DEMO: '0' }).host).toBe('127.0.0.1');
    expect(loadConfig({}).host).toBe('0.0.0.0');
    expect(loadConfig({ DEMO: '0', HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it('takes origins as browsers write them and refuses anything else', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://ioc.example, http://localhost:5173/' }).allowedOrigins).toEqual(['https://ioc.example', 'http://localhost:5173']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://ioc.example/console' })).toThrow('ALLOWED_ORIGINS: "https://ioc.example/console" is not an origin');
    expect(() => loadConfig({ ALLOWED_ORIGINS: '*' })).toThrow('ALLOWED_ORIGINS: "*" is not an origin');
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'file://' })).toThrow('only http and https');
  });
});

describe('the server’s own origins', () => {
  const policy = new OriginPolicy({ scheme: 'https', port: () => 8443, allowed: ['https://proxy.example'], names: ['wall-server.example'] });

  it('are its names and addresses with its scheme and port, and the listed ones', () => {
    for (const origin of ['https://localhost:8443', 'https://127.0.0.1:8443', `https://${hostname().toLowerCase()}:8443`, 'https://wall-server.example:8443', 'https://proxy.example']) {
      expect(policy.allows(origin), origin).toBe(true);
    }
  });

  it('are not another scheme, port or name, nor a rebound DNS name, nor the opaque origin', () => {
    for (const origin of ['http://localhost:8443', 'https://localhost:8444', 'https://evil.example:8443', 'https://localhost.evil.example:8443', 'null', 'file://', '']) {
      expect(policy.allows(origin), origin).toBe(false);
    }
  });
});

describe('refused origins in the audit log', () => {
  const minute = Date.parse('2026-12-07T05:00:00Z');
  it('are counted in the refusal tally: the first of an address and origin at once, the rest in one row', async () => {
    const rows: AuditEntry[] = [];
    const tally = new RefusalTally({ write: async (e: AuditEntry) => void rows.push(e) } as unknown as Audit, { flushEveryMs: 0, now: () => minute + 1_000 });
    const refused = originRefusals(tally);
    for (let i = 0; i < 50; i++) refused('https://evil.example', '10.0.0.9', 'http', 'POST /api/v1/auth/login');
    refused('https://evil.example', '10.0.0.9', 'socket.io', '/socket.io/');
    expect(rows).toHaveLength(1);
    await tally.close();
    expect(rows).toEqual([
      expect.objectContaining({ actor: 'address:10.0.0.9', action: 'origin.refused', target: 'https://evil.example', ok: false, detail: expect.objectContaining({ channel: 'http', request: 'POST /api/v1/auth/login', refused: 1 }) }),
      expect.objectContaining({ actor: 'address:10.0.0.9', action: 'origin.refused', target: 'https://evil.example', detail: expect.objectContaining({ refused: 50, from: '2026-12-07T05:00:00.000Z', to: '2026-12-07T05:01:00.000Z' }) }),
    ]);
  });

  it('stay bounded when an attacker invents origins: past the tally\'s rows they fold into one', async () => {
    const rows: AuditEntry[] = [];
    const tally = new RefusalTally({ write: async (e: AuditEntry) => void rows.push(e) } as unknown as Audit, { flushEveryMs: 0, maxRows: 20, now: () => minute });
    const refused = originRefusals(tally);
    for (let i = 0; i < 5_000; i++) refused(`https://x${i}.evil.example`, '10.0.0.9', 'http', 'POST /api/v1/commands');
    await tally.close();
    expect(rows.length).toBeLessThanOrEqual(21);
    const folded = rows.find((r) => r.actor === '*');
    expect(folded).toMatchObject({ action: 'origin.refused', detail: expect.objectContaining({ refused: 5_000 - 20 }) });
  });
});
