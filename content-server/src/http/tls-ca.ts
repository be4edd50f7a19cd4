import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

const DAY_MS = 86_400_000;
/** A local CA lives as long as the wall machines that trust it: 10 years. */
const CA_DAYS = 3650;
/** 825 days: the longest server certificate that Apple's and Chromium's policies still accept. */
const SERVER_DAYS = 825;

export interface LocalPki {
  caCertPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
  /** The names the server certificate covers, DNS names first. */
  sans: string[];
}

/** RSA 2048 made by Node's own crypto (forge's JavaScript generator takes seconds). */
function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem: privateKey };
}

function newCert(publicKey: forge.pki.PublicKey, now: Date, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive and random, as RFC 5280 asks: a fresh CA never repeats a serial.
  cert.serialNumber = `00${randomBytes(16).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return cert;
}

/**
 * A local certificate authority and a server certificate it signs, for a center without a PKI
 * (`ops tls init`). The CA may sign only server certificates below it (path length 0).
 */
export function makeLocalPki(opts: { sans: readonly string[]; now?: Date; organization?: string }): LocalPki {
  const now = opts.now ?? new Date();
  const org = opts.organization ?? 'IOC';
  const sans = [...new Set(opts.sans)].sort((a, b) => Number(isIP(a) !== 0) - Number(isIP(b) !== 0));
  const caKeys = rsaKeys();
  const ca = newCert(caKeys.publicKey, now, CA_DAYS);
  const caSubject = [{ name: 'commonName', value: `${org} local CA ${now.toISOString().slice(0, 10)}` }, { name: 'organizationName', value: org }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = rsaKeys();
  const cert = newCert(keys.publicKey, now, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: sans[0] ?? 'localhost' }, { name: 'organizationName', value: org }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: sans.map((value) => (isIP(value) ? { type: 7, ip: value } : { type: 2, value })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caCertPem: forge.pki.certificateToPem(ca), caKeyPem: caKeys.pem, certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem, sans };
}

/** The files `ops tls init` writes, by role. */
export const TLS_FILES = { caCert: 'tls-ca.pem', caKey: 'tls-ca-key.pem', cert: 'tls-cert.pem', key: 'tls-key.pem' } as const;

export interface TlsInitResult {
  dir: string;
  files: Record<keyof typeof TLS_FILES, string>;
  sans: string[];
}

/**
 * Makes a local CA and a server certificate for `localhost`, `127.0.0.1`, `::1`, this machine's
 * name and `extraSans`, and writes them owner-only (0600) in `dir`. Existing files are kept
 * unless `force`: replacing a CA means trusting the new one on every wall machine.
 */
export function tlsInit(dir: string, extraSans: readonly string[], opts: { force?: boolean } = {}): TlsInitResult {
  const files = Object.fromEntries(Object.entries(TLS_FILES).map(([k, name]) => [k, join(dir, name)])) as TlsInitResult['files'];
  const present = Object.values(files).filter((f) => existsSync(f));
  if (present.length > 0 && !opts.force) {
    throw new Error(`${present.join(', ')} already exist${present.length === 1 ? 's' : ''}; --force replaces them (and the wall machines must then trust the new CA)`);
  }
  const pki = makeLocalPki({ sans: ['localhost', hostname().toLowerCase(), '127.0.0.1', '::1', ...extraSans] });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const contents: Record<keyof typeof TLS_FILES, string> = { caCert: pki.caCertPem, caKey: pki.caKeyPem, cert: pki.certPem, key: pki.keyPem };
  for (const [k, file] of Object.entries(files) as Array<[keyof typeof TLS_FILES, string]>) {
    writeFileSync(file, contents[k], { mode: 0o600 });
    // writeFileSync's mode applies only to a new file; --force over an old one must narrow it too.
    chmodSync(file, 0o600);
  }
  return { dir, files, sans: pki.sans };
}

