import { createHash } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SecurityLog } from '../audit/security-log.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersRepository } from '../auth/users.repository.js';
import { AppError } from '../common/app-error.js';
import { LoginThrottle } from '../throttling/login-throttle.js';

/** A verified login is trusted this long, so the board's polling does not hash a password each time. */
const TRUST_MS = 5 * 60_000;
const ACTION = 'queue board login';

/**
 * The queue board is a browser page outside `/api`, where bearer tokens cannot be typed in: it asks
 * for HTTP Basic credentials of an active supervisor (案件管理). Use it over TLS only. Each password
 * check goes through the login throttle (per address, per username) like the API's login, and each
 * refusal is written to the security log.
 */
@Injectable()
export class BoardAuthMiddleware implements NestMiddleware {
  private readonly trusted = new Map<string, number>();

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly security: SecurityLog,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    if ((this.trusted.get(key) ?? 0) > Date.now()) {
      next();
      return;
    }
    const credentials = parseBasic(header);
    if (!credentials) {
      this.challenge(res);
      return;
    }
    const ip = req.ip ?? null;
    let attempt;
    try {
      attempt = await this.throttle.before(credentials.username, ip ?? 'unknown');
    } catch (error) {
      if (error instanceof AppError && error.status === 429) {
        await this.refused('rate_limited', error.code, error.message, credentials.username, ip);
      }
      next(error);
      return;
    }
    const user = await this.users.findForLogin(credentials.username);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, credentials.password);
    if (ok && user !== null && user.active && user.role === 'supervisor') {
      await this.throttle.succeeded(attempt);
      this.trusted.set(key, Date.now() + TRUST_MS);
      next();
      return;
    }
    await this.throttle.failed(attempt);
    const why = !user
      ? 'unknown username'
      : !ok
        ? 'wrong password'
        : !user.active
          ? 'inactive user'
          : 'not a supervisor';
    await this.refused('board_login_failed', 'INVALID_CREDENTIALS', why, credentials.username, ip);
    this.challenge(res);
  }

  private refused(
    kind: 'board_login_failed' | 'rate_limited',
    code: string,
    message: string,
    username: string,
    ip: string | null,
  ) {
    return this.security.record({
      kind,
      code,
      message,
      action: ACTION,
      details: { username },
      ip,
      anonymous: true,
    });
  }

  private challenge(res: Response): void {
    res.status(401).set('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"').json({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'Supervisor credentials required 需要案件管理账号',
    });
  }
}

function parseBasic(header: string): { username: string; password: string } | null {
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon > 200) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
