import type { DataSource } from 'typeorm';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { User } from '../db/entities';
import { one, selectList } from '../db/sql';
import { AppError, unauthenticated } from '../domain/errors';
import { digest, newSecret, secretKind, verifyPassword } from '../domain/secrets';
import { loginInput, parseInput } from '../domain/validation';
import { anonymous, type Viewer } from '../domain/viewer';

export interface AuthSettings {
  sessionTtlHours: number;
  maxFailures: number;
  lockMinutes: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Logins, sessions and API keys: turns an Authorization header into a Viewer. */
export class AuthService {
  private readonly failuresByEmail: RateLimiterMemory;
  private readonly failuresByAddress: RateLimiterMemory;
  private readonly userColumns: string;

  constructor(
    private readonly ds: DataSource,
    private readonly settings: AuthSettings,
  ) {
    const duration = Math.ceil(settings.lockMinutes * 60);
    // Per account and per client address: guessing one password or spraying many accounts.
    this.failuresByEmail = new RateLimiterMemory({ points: settings.maxFailures, duration });
    this.failuresByAddress = new RateLimiterMemory({ points: settings.maxFailures * 4, duration });
    this.userColumns = selectList(ds, User, 'u');
  }

  async login(rawEmail: string, password: string, address: string): Promise<LoginResult> {
    const { email } = parseInput(loginInput, { email: rawEmail, password }, '');
    const key = email.trim().toLowerCase();
    await this.refuseIfLocked(key, address);
    const found = await one<User & { passwordHash: string | null }>(
      this.ds,
      `SELECT ${this.userColumns}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = $1`,
      [key],
    );
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!found || !ok || !found.active) {
      await Promise.all([
        this.failuresByEmail.penalty(key).catch(() => undefined),
        this.failuresByAddress.penalty(address).catch(() => undefined),
      ]);
      throw unauthenticated('Wrong e-mail or password, or the account is deactivated.');
    }
    await this.failuresByEmail.delete(key);
    const token = newSecret('session');
    const expiresAt = new Date(Date.now() + this.settings.sessionTtlHours * 3600 * 1000);
    await this.ds.query('INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3)', [
      found.id,
      digest(token),
      expiresAt,
    ]);
    const { passwordHash: _hidden, ...user } = found;
    return { token, expiresAt, user: user as User };
  }

  private async refuseIfLocked(email: string, address: string) {
    const [byEmail, byAddress] = await Promise.all([this.failuresByEmail.get(email), this.failuresByAddress.get(address)]);
    const blocked = [
      [byEmail, this.settings.maxFailures],
      [byAddress, this.settings.maxFailures * 4],
    ].find(([res, max]) => res instanceof RateLimiterRes && res.consumedPoints >= (max as number)) as
      | [RateLimiterRes, number]
      | undefined;
    if (blocked) {
      const retryAfter = Math.ceil(blocked[0].msBeforeNext / 1000);
      throw new AppError('RATE_LIMITED', `Too many failed logins. Try again in ${retryAfter} seconds.`, { retryAfter });
    }
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
