import type { NextFunction, Request, Response } from 'express';
import { ValidationFailed } from './app-error.js';

/** Where in a JSON value or query the first NUL character (U+0000) sits, or null. */
export function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return here;
      const found = findNul(item, here);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000: refuse it at the door with a 400 naming the field,
 * instead of letting the database fail the request.
 */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const field = findNul(req.body, '') ?? findNul(req.query, 'query');
  if (field) {
    next(new ValidationFailed([{ field, problem: 'must not contain the NUL character (U+0000)' }]));
    return;
  }
  next();
}
