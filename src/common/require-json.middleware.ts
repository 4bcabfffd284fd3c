import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error.js';

/** A body in anything but JSON is refused with 415 instead of being read as "no body". */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json 请求体必须为JSON'));
    return;
  }
  next();
}
