import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';

export const TOKEN_ISSUER = 'pil-workflow-engine';
export const TOKEN_AUDIENCE = 'pil-api';

/**
 * What an access token says: who, in which session, with which role, procuratorate and name at
 * issue, and when (milliseconds). Trusted as such unless revoked since (TokenRevocations).
 */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: string;
  procuratorateId: string;
  name: string;
  issuedAtMs: number;
}

/** Short-lived HS256 JWT access tokens (ACCESS_TOKEN_TTL_SECONDS, 15 min by default). */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(claims: Omit<AccessClaims, 'issuedAtMs'>): Promise<string> {
    return new SignJWT({
      sid: claims.sessionId,
      role: claims.role,
      pid: claims.procuratorateId,
      name: claims.name,
      ims: Date.now(),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** The claims of a valid token; 401 TOKEN_EXPIRED or TOKEN_INVALID (forged, tampered, malformed). */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat', 'sid'],
        clockTolerance: 5,
      });
      const { sub, sid, role, pid, name, ims } = payload as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof sid !== 'string') {
        throw new AppError('TOKEN_INVALID', 'Access token is invalid 访问令牌无效');
      }
      return {
        userId: sub,
        sessionId: sid,
        role: typeof role === 'string' ? role : '',
        procuratorateId: typeof pid === 'string' ? pid : '',
        name: typeof name === 'string' ? name : '',
        // Tokens without it (issued before this version) are never trusted without the database.
        issuedAtMs: typeof ims === 'number' ? ims : 0,
      };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new AppError('TOKEN_EXPIRED', 'Access token has expired; refresh it 访问令牌已过期');
      }
      throw new AppError('TOKEN_INVALID', 'Access token is invalid 访问令牌无效');
    }
  }
}
