import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNotificationsConfig } from './config.js';

describe('notifications.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-notifications-'));
  const file = join(dir, 'notifications.json');
  const write = (value: unknown) => writeFileSync(file, JSON.stringify(value));
  const mail = { type: 'email', id: 'office', host: 'smtp.example.gov.vn', user: 'ioc', passwordEnv: 'IOC_SMTP_PASSWORD', from: 'ioc@example.gov.vn', to: ['a@example.gov.vn'], events: ['report.overdue'] };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is optional: without it there are no channels, with the default retry settings', () => {
    expect(loadNotificationsConfig(join(dir, 'absent.json'))).toEqual({ maxAttempts: 5, backoff: { initialMs: 30_000, factor: 2, maxMs: 3_600_000 }, timeoutMs: 10_000, channels: [] });
  });

  it('fills in SMTP defaults (port 587, no implicit TLS)', () => {
    write({ channels: [mail] });
    expect(loadNotificationsConfig(file).channels[0]).toMatchObject({ port: 587, secure: false, passwordEnv: 'IOC_SMTP_PASSWORD' });
  });

  it('refuses a password written in the file, naming where', () => {
    write({ channels: [{ ...mail, password: 'secret' }] });
    expect(() => loadNotificationsConfig(file)).toThrow(/channels\.0: Unrecognized key: "password"/);
  });

  it('refuses a secret given where the name of its environment variable belongs', () => {
    write({ channels: [{ type: 'webhook', id: 'hook', url: 'https://hooks.example.gov.vn/ioc', secretEnv: 's3cr3t-value', events: ['report.received'] }] });
    expect(() => loadNotificationsConfig(file)).toThrow(/channels\.0\.secretEnv: expected the NAME of an environment variable/);
  });

  it('refuses unknown events, bad addresses and a channel id used twice', () => {
    write({ channels: [{ ...mail, events: ['report.lost'], to: ['not an address'] }] });
    expect(() => loadNotificationsConfig(file)).toThrow(/channels\.0\.to\.0/);
    expect(() => loadNotificationsConfig(file)).toThrow(/channels\.0\.events\.0/);
    write({ channels: [mail, mail] });
    expect(() => loadNotificationsConfig(file)).toThrow(/the id "office" is used twice/);
  });
});
