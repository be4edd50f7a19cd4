import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A single-page app served under a prefix, from a build output folder. */
export interface SpaMount {
  /** Path prefix with both slashes, e.g. `/wall/`. */
  prefix: string;
  dir: string;
  /** Said in the 503 when the folder has not been built. */
  label: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Missing or unreadable: the caller answers with the SPA index or a 404.
    return false;
  }
}

/**
 * Serves the wall renderer and the console from their `dist` folders. A folder that is not
 * built yet answers 503 with what to do instead of crashing the server; it is checked on each
 * request, so building while the server runs is enough. `index.html` is never cached (it
 * names the hashed bundles of the current build); the hashed bundles under `assets/` are.
 */
export async function staticRoutes(app: FastifyInstance, mounts: readonly SpaMount[], rootRedirect: string): Promise<void> {
  // One registration for the reply.sendFile decorator; each mount passes its own root.
  await app.register(fastifyStatic, { root: resolve('/'), serve: false });

  for (const mount of mounts) {
    const bare = mount.prefix.replace(/\/$/, '');
    app.get(bare, async (request, reply) => {
      const query = request.url.slice(bare.length);
      return reply.redirect(`${mount.prefix}${query.startsWith('?') ? query : ''}`);
    });
    app.get(`${mount.prefix}*`, async (request, reply) => {
      if (!existsSync(resolve(mount.dir, 'index.html'))) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(`The ${mount.label} is not built: ${mount.dir} is missing.\nRun "npm run build" at the repository root, then reload this page.\n`);
      }
      const rel = (request.params as { '*'?: string })['*'] ?? '';
      const file = resolve(mount.dir, rel);
      if (rel !== '' && file.startsWith(mount.dir + sep) && isFile(file)) {
        if (rel === 'index.html') return sendIndex(reply, mount.dir);
        const hashed = rel.startsWith('assets/');
        return reply.sendFile(rel, mount.dir, hashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      }
      // A path with an extension is a missing file; anything else is a route of the SPA.
      if (extname(rel) !== '') return reply.code(404).type('text/plain; charset=utf-8').send(`not found: ${request.url}\n`);
      return sendIndex(reply, mount.dir);
    });
  }
  app.get('/', async (_request, reply) => reply.redirect(rootRedirect));
}

function sendIndex(reply: FastifyReply, dir: string): FastifyReply {
  reply.header('cache-control', 'no-cache');
  return reply.sendFile('index.html', dir, { cacheControl: false });
}
