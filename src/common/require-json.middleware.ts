import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error.js';

/**
 * The one route whose body is a file, not JSON: a legal document's signed final
 * (src/documents), read and type-checked by its controller with its own size limit.
 */
const FILE_UPLOAD_ROUTE = /^\/api\/cases\/[^/]+\/documents\/[^/]+\/finals\/?$/;

/** A body in anything but JSON is refused with 415 instead of being read as "no body". */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.method === 'POST' && FILE_UPLOAD_ROUTE.test(req.path)) {
    next();
    return;
  }
  if (hasBody && !req.is('application/json')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json 请求体必须为JSON'));
    return;
  }
  next();
}
