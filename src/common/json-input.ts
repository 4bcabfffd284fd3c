import type { NextFunction, Request, Response } from 'express';
import { type FieldProblem, ValidationFailed } from './app-error.js';

/**
 * Limits on a request's JSON (body and query) checked right after parsing, before anything walks it
 * recursively (zod, the canonical JSON of the seal, jsonb serialisation): a body nested thousands of
 * levels deep would otherwise overflow the stack of the first recursive walk. The size is bounded
 * before parsing, by the body parser (1 MB, 413).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The first problem in a parsed JSON value, or null: nesting beyond MAX_JSON_DEPTH, or text PostgreSQL cannot store (the NUL character U+0000 in text and
 * jsonb; a lone UTF-16 surrogate, which jsonb refuses and text would silently replace with U+FFFD),
 * in a string or a key. Iterative (an explicit stack), so any depth is inspected safely.
 */
export function inspectJson(value: unknown, root = ''): FieldProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field: path || '(body)', problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return {
        field: path || '(body)',
        problem: `must not be nested more than ${MAX_JSON_DEPTH} levels deep`,
      };
    }
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(v)) {
      v.forEach((item, i) => children.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(v)) {
        const here = path ? `${path}.${key}` : key;
        const problem = textProblem(key);
        // The key itself is not echoed: it is the text that cannot be stored.
        if (problem) return { field: path || '(body)', problem: `a key ${problem}` };
        children.push({ value: item, path: here, depth: depth + 1 });
      }
    }
    // Pushed in reverse so the first field in document order is reported first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text as given, or null. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/**
 * Refuses a parsed body or query that `inspectJson` finds a problem in, with a 400 naming the field,
 * instead of letting a recursive walk overflow or the database fail the request (a 500).
 */
export function inspectJsonInput(req: Request, _res: Response, next: NextFunction): void {
  const problem = inspectJson(req.body, '') ?? inspectJson(req.query, 'query');
  if (problem) {
    next(new ValidationFailed([problem]));
    return;
  }
  next();
}
