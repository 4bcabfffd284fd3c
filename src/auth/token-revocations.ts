import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/env.js';

export const REVOCATION_CHANNEL = 'pil_auth_revoked';

/** What a token says about when it was issued and for whom. */
export interface TokenStamp {
  userId: string;
  sessionId: string;
  /** Issue time in milliseconds. */
  issuedAtMs: number;
}

/**
 * Lets an access token be trusted from its signature alone (no database round trip) while still
 * honouring revocation within a second in every process: each process LISTENs on PostgreSQL's
 * `pil_auth_revoked` channel, which triggers on `auth_sessions` and `users` notify when a session
 * ends (logout, replayed refresh token) or a user's role, procuratorate, name, password or active
 * flag changes, from whatever source, at commit. The process keeps a deny list: ended sessions, and
 * per user the instant before which every token is refused. Entries live as long as a token can.
 *
 * A token this process may have missed news about is not trusted: one issued before the listener
 * was last (re)connected, or any token while it is disconnected. Those are checked against the
 * database as before (`trusts` answers false).
 */
@Injectable()
export class TokenRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { before: number; until: number }>();
  private client: pg.Client | undefined;
  /** Tokens issued from this instant on are covered by the listener; NaN while disconnected. */
  private listeningSince = Number.NaN;
  private closing = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen().catch((error: unknown) => this.reconnectLater(error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  /** Whether the token may be trusted without the database: covered by the listener, not revoked. */
  trusts(token: TokenStamp): boolean {
    if (!(token.issuedAtMs >= this.listeningSince)) return false; // NaN: not listening
    return !this.revoked(token);
  }

  /** Whether news received says this token was revoked. */
  revoked(token: TokenStamp): boolean {
    const now = Date.now();
    const session = this.sessions.get(token.sessionId);
    if (session !== undefined && session > now) return true;
    const user = this.users.get(token.userId);
    return user !== undefined && user.until > now && token.issuedAtMs < user.before;
  }

  /** Applies one notification (also used directly by the process that made the change). */
  apply(payload: string): void {
    let news: { session?: string; user?: string; at?: number };
    try {
      news = JSON.parse(payload) as typeof news;
    } catch {
      return;
    }
    const keep = Date.now() + (this.config.ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    if (typeof news.session === 'string') this.sessions.set(news.session, keep);
    if (typeof news.user === 'string') {
      // A token issued in the same millisecond as the change counts as before it.
      const before = Math.max(Number(news.at ?? Date.now()) + 1, this.users.get(news.user)?.before ?? 0);
      this.users.set(news.user, { before, until: keep });
    }
    this.prune();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      host: this.config.PGHOST,
      port: this.config.PGPORT,
      user: this.config.PG_APP_USER,
      password: this.config.PG_APP_PASSWORD,
      database: this.config.PGDATABASE,
      application_name: 'pil-token-revocations',
    });
    client.on('notification', (msg) => {
      if (msg.channel === REVOCATION_CHANNEL && msg.payload) this.apply(msg.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    // Only tokens issued after LISTEN took effect can rely on it; a little margin for clock steps.
    const startedAt = Date.now();
    await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    this.client = client;
    this.listeningSince = startedAt + 1;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listeningSince = Number.NaN;
    client.end().catch(() => undefined);
    this.reconnectLater(error);
  }

  private reconnectLater(error: unknown): void {
    if (this.closing) return;
    this.listeningSince = Number.NaN;
    this.logger.warn(`revocation listener down (${String(error)}); tokens are checked against the database`);
    this.retry = setTimeout(() => {
      this.listen().catch((e: unknown) => this.reconnectLater(e));
    }, 1000);
    this.retry.unref();
  }

  private prune(): void {
    if (this.sessions.size + this.users.size < 10_000) return;
    const now = Date.now();
    for (const [id, until] of this.sessions) if (until <= now) this.sessions.delete(id);
    for (const [id, entry] of this.users) if (entry.until <= now) this.users.delete(id);
  }
}
