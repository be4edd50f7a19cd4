import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
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

/** A SAN entry must be a host name or an IP address; anything else is a typo to refuse. */
export function checkSan(name: string): string | null {
  if (isIP(name)) return null;
  const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  return new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`).test(name) ? null : `"${name}" is neither a host name nor an IP address`;
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
