import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { APP_REDIS, redisKey } from '../redis/redis.module.js';
import { keyPart, RateLimiter } from './rate-limiter.js';

/** Failures are forgotten this long after the last one. */
const FAILURE_WINDOW_MS = 15 * 60_000;
/** An address a user logged in from is "known" for that user this long. */
const KNOWN_ADDRESS_SECONDS = 30 * 86_400;

/** The wait after the last failure, given the failures so far: none for the first few, then doubling. */
export function loginDelaySeconds(failures: number, freeFailures: number, maxSeconds: number): number {
  if (failures <= freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - freeFailures - 1, 30), maxSeconds);
}

/** What `before` learnt, handed back to `failed` / `succeeded`. */
export interface LoginAttempt {
  username: string;
  address: string;
  knownAddress: boolean;
}

/**
 * Slows password guessing without ever locking anyone out:
 * - every login attempt (API and queue board) counts against its client address
 *   (RATE_LIMIT_LOGIN_ADDRESS): spraying many usernames from one address is limited;
 * - failures of a username make its next attempt wait, doubling with each failure past the first
 *   few (LOGIN_DELAY_FREE_FAILURES) up to LOGIN_DELAY_MAX_SECONDS; a wait, never a lock;
 * - failures are counted per (username, address) and, separately, per username from addresses the
 *   user never logged in from. A user logging in from an address they used before is only slowed by
 *   that address's own failures: an attacker elsewhere cannot make them wait.
 * Refusals happen before the password is checked (429 with Retry-After), so they reveal nothing.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  async before(usernameInput: string, address: string): Promise<LoginAttempt> {
    await this.limiter.take('login_address', address, this.config.RATE_LIMIT_LOGIN_ADDRESS);
    const username = usernameInput.toLowerCase();
    const keys = this.keys(username, address);
    const [known, pair, user] = await Promise.all([
      this.redis.exists(keys.known),
      this.redis.hmget(keys.pair, 'failures', 'last'),
      this.redis.hmget(keys.user, 'failures', 'last'),
    ]);
    const knownAddress = known === 1;
    const waitMs = Math.max(this.remainingMs(pair), knownAddress ? 0 : this.remainingMs(user));
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'LOGIN_THROTTLED',
        `Too many failed logins; retry in ${retryAfterSeconds} s 登录失败次数过多，请稍后再试`,
        { retryAfterSeconds },
      );
    }
    return { username, address, knownAddress };
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    const keys = this.keys(attempt.username, attempt.address);
    const now = String(Date.now());
    const multi = this.redis.multi();
    for (const key of attempt.knownAddress ? [keys.pair] : [keys.pair, keys.user]) {
      multi.hincrby(key, 'failures', 1).hset(key, 'last', now).pexpire(key, FAILURE_WINDOW_MS);
    }
    await multi.exec();
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    const keys = this.keys(attempt.username, attempt.address);
    await this.redis
      .multi()
      .del(keys.pair, keys.user)
      .set(keys.known, '1', 'EX', KNOWN_ADDRESS_SECONDS)
      .exec();
  }

  private remainingMs([failures, last]: (string | null)[]): number {
    if (failures === null || last === null) return 0;
    const wait = loginDelaySeconds(
      Number(failures),
      this.config.LOGIN_DELAY_FREE_FAILURES,
      this.config.LOGIN_DELAY_MAX_SECONDS,
    );
    return Number(last) + wait * 1000 - Date.now();
  }

  private keys(username: string, address: string) {
    const u = keyPart(username);
    const a = keyPart(address);
    return {
      pair: redisKey(this.config, 'login', 'pair', u, a),
      user: redisKey(this.config, 'login', 'user', u),
      known: redisKey(this.config, 'login', 'known', u, a),
    };
  }
}
