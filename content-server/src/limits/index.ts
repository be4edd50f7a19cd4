export { FloodGuard, limitedMessage, type FloodClass } from './flood-guard.js';
export { DEFAULT_LIMITS, parseLimitsEnv, resolveLimits, type FloodLimits, type LimitOverrides } from './limits-config.js';
export { TokenBuckets, type Rate, type Take } from './token-buckets.js';
