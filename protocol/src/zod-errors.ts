import type { z } from 'zod';
import type { ApiErrorItem } from './observations.js';

/**
 * Turns zod issues into API error items. When `itemsKey` is given (e.g. `observations`), an
 * issue under `observations.3.value` becomes `{index: 3, field: "value"}`.
 */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], itemsKey?: string): ApiErrorItem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    if (itemsKey && path[0] === itemsKey && path.length >= 2 && /^\d+$/.test(path[1] ?? '')) {
      return { index: Number(path[1]), field: path.slice(2).join('.') || '(item)', message: issue.message };
    }
    return { index: null, field: path.join('.') || '(body)', message: issue.message };
  });
}
