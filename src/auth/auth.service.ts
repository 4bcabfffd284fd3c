import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { SecurityLog } from '../audit/security-log.service.js';
import { type LoginAttempt, LoginThrottle } from '../throttling/login-throttle.js';
import { ProcuratoratesRepository } from '../procuratorates/procuratorates.repository.js';
import { AccessTokens } from './access-token.service.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenRevocations } from './token-revocations.js';
import { SessionsRepository } from './sessions.repository.js';
import { type User, UsersRepository } from './users.repository.js';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  user: UserView;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: string;
  procuratorate: { id: string; code: string; name: string; level: string } | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly procuratorates: ProcuratoratesRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly security: SecurityLog,
    private readonly throttle: LoginThrottle,
    private readonly revocations: TokenRevocations,
  ) {}

  /**
   * Checks a password, behind the login throttle (a delay growing with failures, never a lock:
   * LoginThrottle). A throttled attempt is refused before the password is looked at.
   */
  async login(username: string, password: string, ip: string | null): Promise<TokenPair> {
    const attempt = await this.throttled(username, ip, 'POST /api/auth/login');
    const found = await this.users.findForLogin(username);
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !ok || !found.active) {
      await this.security.record({
        kind: 'login_failed',
        code: 'INVALID_CREDENTIALS',
        message: found ? (found.active ? 'wrong password' : 'inactive user') : 'unknown username',
        actorId: found?.id ?? null,
        actorRole: found?.role ?? null,
        actorProcuratorateId: found?.procuratorateId ?? null,
        details: { username },
        ip,
        anonymous: true,
      });
      await this.throttle.failed(attempt);
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password 用户名或密码错误');
    }
    await this.throttle.succeeded(attempt);
    const refreshToken = randomBytes(32).toString('base64url');
    const sessionId = await this.sessions.open(found.id, hashToken(refreshToken), this.refreshExpiry());
    return this.pair(found, sessionId, refreshToken);
  }

  /** Rotates a refresh token. A replayed (already rotated) token revokes its whole session. */
  async refresh(refreshToken: string, ip: string | null): Promise<TokenPair> {
    const next = randomBytes(32).toString('base64url');
    const outcome = await this.sessions.rotate(
      hashToken(refreshToken),
      hashToken(next),
      this.refreshExpiry(),
    );
    if (outcome.kind === 'rotated') return this.pair(outcome.user, outcome.sessionId, next);
    if (outcome.kind === 'replayed') this.revocations.apply(JSON.stringify({ session: outcome.sessionId }));
    await this.security.record({
      kind: 'refresh_rejected',
      code: 'TOKEN_INVALID',
      message:
        outcome.kind === 'replayed'
          ? 'refresh token replayed: session revoked'
          : `refresh token ${outcome.kind}`,
      actorId: outcome.kind === 'replayed' ? outcome.userId : null,
      details: outcome.kind === 'replayed' ? { sessionId: outcome.sessionId } : {},
      ip,
      anonymous: true,
    });
    throw new AppError(
      'TOKEN_INVALID',
      'Refresh token is invalid, expired or revoked; log in again 请重新登录',
    );
  }

  /** The throttle's ticket for an attempt, or 429 (recorded, aggregated) when it must wait. */
  async throttled(username: string, ip: string | null, action: string): Promise<LoginAttempt> {
    try {
      return await this.throttle.before(username, ip ?? 'unknown');
    } catch (error) {
      if (error instanceof AppError && error.status === 429) {
        await this.security.record({
          kind: 'rate_limited',
          code: error.code,
          message: error.message,
          details: { username },
          action,
          ip,
          anonymous: true,
        });
      }
      throw error;
    }
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId, 'logout');
    // Every process hears of it through the database's notification; this one knows at once.
    this.revocations.apply(JSON.stringify({ session: sessionId }));
  }

  /**
   * The actor of a request bearing this access token (401 otherwise). A token this process has
   * heard no revocation of since it was issued is trusted from its signature: no database round
   * trip. Any other (issued before this process could hear, or while it cannot) is checked against
   * the session and the user's current row, as every token used to be.
   */
  async authenticate(accessToken: string): Promise<Actor & { sessionId: string }> {
    const claims = await this.tokens.verify(accessToken);
    if (this.revocations.revoked(claims)) {
      throw new AppError('TOKEN_INVALID', 'Session ended or user changed; log in again 请重新登录');
    }
    if (claims.role && claims.procuratorateId && this.revocations.trusts(claims)) {
      return {
        id: claims.userId,
        role: claims.role as Actor['role'],
        procuratorateId: claims.procuratorateId,
        name: claims.name,
        sessionId: claims.sessionId,
      };
    }
    const user = await this.sessions.principal(claims.sessionId, claims.userId);
    if (!user) throw new AppError('TOKEN_INVALID', 'Session ended or user disabled; log in again 请重新登录');
    return {
      id: user.id,
      role: user.role,
      procuratorateId: user.procuratorateId,
      name: user.displayName,
      sessionId: claims.sessionId,
    };
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Authentication required 请先登录');
    return this.view(user);
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }

  private async pair(user: User, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.tokens.issue({
      userId: user.id,
      sessionId,
      role: user.role,
      procuratorateId: user.procuratorateId,
      name: user.displayName,
    });
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.tokens.ttlSeconds,
      refreshToken,
      refreshExpiresAt: this.refreshExpiry().toISOString(),
      user: await this.view(user),
    };
  }

  private async view(user: User): Promise<UserView> {
    const p = await this.procuratorates.findById(user.procuratorateId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      procuratorate: p ? { id: p.id, code: p.code, name: p.name, level: p.level } : null,
    };
  }
}
