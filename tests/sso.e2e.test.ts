import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startIdp, type RunningIdp } from './support/oidc-idp.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

// Chromium at the console, a real OpenID Connect provider (oidc-provider) and the built server
// configured by the OIDC_* environment, as a center would run them.
describe('console single sign-on', () => {
  const data = tempDataDir();
  let idp: RunningIdp;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    idp = await startIdp(`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`, {
      'tuan.le': { name: 'Lê Anh Tuấn', groups: ['ioc-admins'] },
      khach: { name: 'Khách', groups: ['visitors'] },
    });
    const secretFile = join(data.dir, 'oidc-secret');
    writeFileSync(secretFile, idp.clientSecret);
    server = await startServer({
      dataDir: data.dir,
      port,
      env: { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET_FILE: secretFile, OIDC_SCOPES: 'openid profile groups', OIDC_ROLE_MAP: '{"ioc-admins":"admin","ioc-operators":"operator"}' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
    data.remove();
  });

  /** From the console's sign-in screen through the provider's own login and consent pages. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.goto(`${server.url}/console/`);
    const sso = page.getByTestId('login-sso');
    await expect.poll(() => sso.textContent()).toBe('Đăng nhập một lần / Single sign-on');
    await sso.click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The provider asks for consent on a first sign-in, then sends the browser back to us.
    const consent = page.locator('input[name="prompt"][value="consent"]');
    await Promise.race([page.waitForURL((url) => url.origin === server.url, { timeout: 15_000 }), consent.waitFor({ state: 'attached', timeout: 15_000 })]);
    if (new URL(page.url()).origin !== server.url) await page.locator('button[type="submit"]').click();
  }

  it('signs an admin in through the provider; the address bar keeps no code', async () => {
    const page = await browser.newPage();
    await signInAtProvider(page, 'tuan.le');
    await expect.poll(() => page.getByTestId('whoami').getAttribute('data-role'), { timeout: 15_000 }).toBe('admin');
    expect(await page.getByTestId('whoami-name').textContent()).toBe('Lê Anh Tuấn');
    expect(page.url()).toBe(`${server.url}/console/`);
    expect(server.output()).not.toMatch(/ios_/);
    // The Users screen shows the provider's groups and the roles they grant.
    await page.locator('[data-testid="nav-tab"][data-view="users"]').click();
    await expect.poll(() => page.locator('[data-testid="group-grant"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-group')}=${e.getAttribute('data-role')}`))).toEqual(['ioc-admins=admin', 'ioc-operators=operator']);
    await page.close();
  });

  it('shows the refusal of a person in no mapped group', async () => {
    const page = await browser.newPage();
    await signInAtProvider(page, 'khach');
    await expect.poll(() => page.textContent('body')).toMatch(/không thuộc nhóm nào.*no group granted a role/);
    await page.close();
  });
});
