import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdpAccount {
  name: string;
  groups: string[];
}

export interface RunningIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's people by login; change `groups` to move someone between groups. */
  accounts: Record<string, IdpAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port, with one confidential
 * client whose callback is `redirectUri`, and accounts carrying a `groups` claim. Its built-in
 * login page accepts any password for a known login; its consent page grants what was asked.
 */
export async function startIdp(redirectUri: string, accounts: Record<string, IdpAccount>): Promise<RunningIdp> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ioc-console';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    cookies: { keys: ['cookie-key-for-tests-only'] },
    findAccount: (_ctx, id) => {
      const account = accounts[id];
      return account ? { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: account.name, groups: [...account.groups] }) } : undefined;
    },
  });
  server.on('request', provider.callback());
  return { issuer, clientId, clientSecret, accounts, close: () => new Promise((done) => server.close(() => done())) };
}
