import { createHash } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersRepository } from '../auth/users.repository.js';

/** A verified login is trusted this long, so the board's polling does not hash a password each time. */
const TRUST_MS = 5 * 60_000;

/**
 * The queue board is a browser page outside `/api`, where bearer tokens cannot be typed in: it asks
 * for HTTP Basic credentials of an active supervisor (案件管理). Use it over TLS only.
 */
@Injectable()
export class BoardAuthMiddleware implements NestMiddleware {
  private readonly trusted = new Map<string, number>();

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    if ((this.trusted.get(key) ?? 0) > Date.now() || (await this.verify(header))) {
      this.trusted.set(key, Date.now() + TRUST_MS);
      next();
      return;
    }
    res.status(401).set('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"').json({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'Supervisor credentials required 需要案件管理账号',
    });
  }

  private async verify(header: string): Promise<boolean> {
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return false;
    const user = await this.users.findForLogin(decoded.slice(0, colon));
    const ok = await this.hasher.verify(user?.passwordHash ?? null, decoded.slice(colon + 1));
    return ok && user !== null && user.active && user.role === 'supervisor';
  }
}
