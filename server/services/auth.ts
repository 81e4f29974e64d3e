import type { DataSource } from 'typeorm';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import { User } from '../db/entities';
import { limiterStoreClient } from '../db/limiterStore';
import { one, selectList } from '../db/sql';
import { AppError, unauthenticated } from '../domain/errors';
import {
  byCounter,
  countersToLock,
  fullCounters,
  LOGIN_COUNTERS,
  loginAddress,
  loginKeys,
  loginLimits,
  loginRefusal,
  USUAL_ADDRESS_DAYS,
  type CounterState,
  type LoginCounter,
  type LoginLimit,
  type LoginLimitSettings,
} from '../domain/loginLimits';
import { digest, newSecret, secretKind, verifyPassword } from '../domain/secrets';
import { loginInput, parseInput } from '../domain/validation';
import { anonymous, type Viewer } from '../domain/viewer';

export interface AuthSettings extends LoginLimitSettings {
  sessionTtlHours: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
}

type Counts = Record<LoginCounter, CounterState>;
type Keys = Record<LoginCounter, string>;

/** Logins, sessions and API keys: turns an Authorization header into a Viewer. */
export class AuthService {
  private readonly limits: Record<LoginCounter, LoginLimit>;
  /** One limiter per counter, all in the login_limits table (made by a migration, never by the library). */
  private readonly limiters: Record<LoginCounter, RateLimiterPostgres>;
  private readonly userColumns: string;

  constructor(
    private readonly ds: DataSource,
    private readonly settings: AuthSettings,
  ) {
    this.limits = loginLimits(settings);
    const storeClient = limiterStoreClient(ds);
    const limiter = (counter: LoginCounter): RateLimiterPostgres =>
      new RateLimiterPostgres({
        storeClient,
        storeType: 'pool',
        tableName: 'login_limits',
        tableCreated: true,
        keyPrefix: counter,
        points: this.limits[counter].points,
        duration: this.limits[counter].windowSeconds,
      });
    this.limiters = byCounter(limiter);
    this.userColumns = selectList(ds, User, 'u');
  }

  async login(rawEmail: string, password: string, clientAddress: string): Promise<LoginResult> {
    const { email } = parseInput(loginInput, { email: rawEmail, password }, '');
    const key = email.trim().toLowerCase();
    const address = loginAddress(clientAddress);
    const keys = loginKeys(key, address);
    // Read only: a login refused here writes nothing.
    await this.refuseIfFull(await this.counts(keys, (l, k) => l.get(k)), 0, key, address);
    // The failure is counted before the password is checked and given back on success, so
    // concurrent guesses (on any instance) cannot all slip past the check above. Those that
    // raced past it and find no room keep their count: giving it back could undo a lock.
    const reserved = await this.counts(keys, (l, k) => l.penalty(k));
    await this.refuseIfFull(reserved, 1, key, address);
    const found = await one<User & { passwordHash: string | null }>(
      this.ds,
      `SELECT ${this.userColumns}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = $1`,
      [key],
    );
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!found || !ok || !found.active) {
      await Promise.all(countersToLock(reserved, this.limits).map((c) => this.limiters[c].block(keys[c], this.limits[c].lockSeconds!)));
      throw unauthenticated('Wrong e-mail or password, or the account is deactivated.');
    }
    await Promise.all([
      this.limiters.accountAtAddress.delete(keys.accountAtAddress),
      this.limiters.address.reward(keys.address),
      this.limiters.account.reward(keys.account),
    ]);
    const token = newSecret('session');
    const expiresAt = new Date(Date.now() + this.settings.sessionTtlHours * 3600 * 1000);
    await this.ds.query('INSERT INTO sessions (user_id, token_hash, expires_at, login_address) VALUES ($1, $2, $3, $4)', [
      found.id,
      digest(token),
      expiresAt,
      address,
    ]);
    const { passwordHash: _hidden, ...user } = found;
    return { token, expiresAt, user: user as User };
  }

  /** Every counter's state after `op` (a read or an update), keyed by counter. */
  private async counts(keys: Keys, op: (limiter: RateLimiterPostgres, key: string) => Promise<RateLimiterRes | null>): Promise<Counts> {
    const results = await Promise.all(LOGIN_COUNTERS.map((c) => op(this.limiters[c], keys[c])));
    return byCounter((_, i) => ({ failures: results[i]?.consumedPoints ?? 0, msBeforeReset: results[i]?.msBeforeNext ?? 0 }));
  }

  private async refuseIfFull(counts: Counts, pending: 0 | 1, email: string, address: string) {
    const full = fullCounters(counts, this.limits, pending);
    const usual = full.includes('account') && (await this.isUsualAddress(email, address));
    const refusal = loginRefusal(full, counts, usual);
    if (refusal) throw new AppError('RATE_LIMITED', refusal.message, { retryAfter: refusal.retryAfter });
  }

  /** Whether this account logged in successfully from this address lately. */
  private async isUsualAddress(email: string, address: string): Promise<boolean> {
    const row = await one<{ usual: boolean }>(
      this.ds,
      `SELECT EXISTS (
         SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE lower(u.email) = $1 AND s.login_address = $2 AND s.created_at > now() - make_interval(days => $3)
       ) AS usual`,
      [email, address, USUAL_ADDRESS_DAYS],
    );
    return row?.usual ?? false;
  }

  async logout(viewer: Viewer): Promise<boolean> {
    if (viewer.kind !== 'user' || !viewer.sessionId) return false;
    await this.ds.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [viewer.sessionId]);
    return true;
  }

  /** The viewer behind an Authorization header; a header that is present but not valid is refused. */
  async viewerFor(header: string | undefined): Promise<Viewer> {
    if (!header) return anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token or API key>".');
    const secret = match[1]!;
    const kind = secretKind(secret);
    if (kind === 'session') {
      const session = await one<{ sessionId: string; userId: string; role: User['role']; displayName: string }>(
        this.ds,
        `SELECT s.id AS "sessionId", u.id AS "userId", u.role, u.display_name AS "displayName"
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
        [digest(secret)],
      );
      if (session) return { kind: 'user', ...session };
      throw unauthenticated('This session has expired or was ended. Log in again.');
    }
    if (kind === 'apiKey') {
      const key = await one<{ id: string; stale: boolean }>(
        this.ds,
        `SELECT id, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
         FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
        [digest(secret)],
      );
      if (!key) throw unauthenticated('This API key is unknown or was revoked.');
      // Last use is kept to the minute: one write a minute per key, not one per request.
      if (key.stale) await this.ds.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [key.id]);
      return { kind: 'public', apiKeyId: key.id };
    }
    throw unauthenticated('Unrecognised bearer token. Log in to get a session token, or use an API key.');
  }
}
