import { config } from 'zod';

/**
 * In a browser page, zod must not compile parsers with `new Function`: the content server's
 * Content-Security-Policy has no 'unsafe-eval', and even zod's own probe for it (caught) is
 * reported as a `securitypolicyviolation`. Evaluated first by the package entry, before any
 * schema is built, since zod decides at construction. Node (the server) keeps the faster JIT.
 */
export const ZOD_JITLESS_IN_BROWSERS = typeof document !== 'undefined';
if (ZOD_JITLESS_IN_BROWSERS) config({ jitless: true });
