import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { checkSan, makeLocalPki } from '../http/tls-ca.js';

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

/** What to do next, printed after `ops tls init`. */
export function tlsInitReport(r: TlsInitResult, port: string): string {
  return [
    `Local CA and server certificate written to ${r.dir} (owner-only, 0600).`,
    `  The certificate covers: ${r.sans.join(', ')}  (ops tls init --force --san <name> adds a name)`,
    '',
    'Start the server with:',
    `  TLS_CERT=${r.files.cert}`,
    `  TLS_KEY=${r.files.key}`,
    `Then open https://localhost:${port}/ (plain http:// on the same port redirects there).`,
    '',
    `Trust the CA (${r.files.caCert}) on every wall and console machine, once:`,
    '  Debian/Ubuntu system store: sudo cp tls-ca.pem /usr/local/share/ca-certificates/ioc-ca.crt && sudo update-ca-certificates',
    '  Chromium, Electron kiosk and the Chromium launcher on Linux (NSS, per user running the kiosk):',
    '    certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "IOC local CA" -i tls-ca.pem',
    '  Windows (system store, used by Electron and Chrome): certutil -addstore -f Root tls-ca.pem',
    '  Node clients and scripts: NODE_EXTRA_CA_CERTS=tls-ca.pem',
    '',
    `Keep ${r.files.caKey} off the server once done (it can sign a certificate for any name); it is needed only to make a new server certificate.`,
  ].join('\n');
}

export function registerTlsCommands(program: Command): void {
  const tls = program.command('tls').description('HTTPS for the content server');
  tls
    .command('init')
    .description('make a local CA and a server certificate (for a center without its own PKI)')
    .option('--dir <folder>', 'where to write them (default: DATA_DIR)')
    .option('--san <name>', 'one more host name or IP address the certificate covers (repeatable)', (value: string, list: string[]) => {
      const problem = checkSan(value);
      if (problem) throw new InvalidArgumentError(problem);
      return [...list, value];
    }, [] as string[])
    .option('--force', 'replace existing files')
    .action((opts: { dir?: string; san: string[]; force?: boolean }) => {
      const dir = resolve(opts.dir ?? process.env['DATA_DIR'] ?? './data');
      try {
        const result = tlsInit(dir, opts.san, { force: opts.force === true });
        process.stdout.write(`${tlsInitReport(result, process.env['PORT'] || '8080')}\n`);
      } catch (err) {
        process.stderr.write(`ops tls init: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
