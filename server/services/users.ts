import type { DataSource, EntityManager } from 'typeorm';
import { ApiKey, User } from '../db/entities';
import { insertEntity, one, returning, rows, selectList, updateVersioned } from '../db/sql';
import { AppError, badInput, conflict, notFound } from '../domain/errors';
import { digest, hashPassword, newSecret } from '../domain/secrets';
import { apiKeyInput, createUserInput, myPreferencesInput, parseInput, updateUserInput, uuid } from '../domain/validation';
import { authorOf, type ChangeAuthor, type StaffViewer } from '../domain/viewer';
import { oneByKeys } from './batch';
import { ownChain, type HistoryService } from './history';
import { within } from './writes';

const REDACTED = '[redacted]';

/** Newsroom accounts and client-app API keys (admins only), each change in its own history chain. */
export class UserService {
  private readonly userColumns: string;
  private readonly keyColumns: string;

  constructor(
    private readonly ds: DataSource,
    private readonly history: HistoryService,
  ) {
    this.userColumns = selectList(ds, User, 'u');
    this.keyColumns = selectList(ds, ApiKey, 'k');
  }

  list(): Promise<User[]> {
    return rows<User>(this.ds, `SELECT ${this.userColumns} FROM users u ORDER BY u.display_name, u.id`);
  }

  async byIds(ids: readonly string[]): Promise<(User | null)[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const found = valid.length
      ? await rows<User>(this.ds, `SELECT ${this.userColumns} FROM users u WHERE u.id = ANY($1::uuid[])`, [valid])
      : [];
    return oneByKeys(ids, found, (u) => u.id);
  }

  async byEmail(email: string): Promise<User | undefined> {
    return one<User>(this.ds, `SELECT ${this.userColumns} FROM users u WHERE lower(u.email) = lower($1)`, [email]);
  }

  /** Creates a user; `author` is the admin, or the system for the first admin and demo users. */
  async create(author: ChangeAuthor, raw: unknown, tx?: EntityManager): Promise<User> {
    const input = parseInput(createUserInput, raw);
    const passwordHash = await hashPassword(input.password);
    return within(this.ds, tx, async (em) => {
      await this.checkEmailFree(em, input.email, null);
      const user = await insertEntity<User>(em, User, {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
      });
      await this.history.record(em, { ...ownChain('USER', user), action: 'createUser', author, before: null, extra: { password: { from: null, to: REDACTED } } });
      return user;
    });
  }

  async update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown, tx?: EntityManager): Promise<User> {
    const input = parseInput(updateUserInput, raw);
    if (!uuid.safeParse(id).success) throw notFound('user', id);
    if (id === viewer.userId && (input.active === false || (input.role && input.role !== 'ADMIN'))) {
      throw badInput('input', 'you cannot deactivate yourself or remove your own admin role; ask another admin.');
    }
    const { password, ...fields } = input;
    const patch: Record<string, unknown> = { ...fields };
    if (password !== undefined) patch.passwordHash = await hashPassword(password);
    return within(this.ds, tx, async (em) => {
      const current = await one<User>(em, `SELECT ${this.userColumns} FROM users u WHERE u.id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('user', id);
      if (current.version !== expectedVersion) throw conflict('user', expectedVersion, current.version);
      if (input.email) await this.checkEmailFree(em, input.email, id);
      const updated = await updateVersioned<User>(em, User, id, expectedVersion, patch);
      if (!updated) throw conflict('user', expectedVersion, expectedVersion + 1);
      // Deactivating someone, or changing their password, ends their sessions at once.
      if (input.active === false || password !== undefined) {
        await em.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
      }
      const extra: Record<string, { from: unknown; to: unknown }> =
        password !== undefined ? { password: { from: REDACTED, to: REDACTED } } : {};
      await this.history.record(em, { ...ownChain('USER', updated), action: 'updateUser', author: authorOf(viewer), before: current, extra });
      return updated;
    });
  }

  /** The caller's own preferences (the admin UI's language); a choice equal to the current one records nothing. */
  async updatePreferences(viewer: StaffViewer, raw: unknown, tx?: EntityManager): Promise<User> {
    const input = parseInput(myPreferencesInput, raw);
    return within(this.ds, tx, async (em) => {
      const current = await one<User>(em, `SELECT ${this.userColumns} FROM users u WHERE u.id = $1 FOR UPDATE`, [viewer.userId]);
      if (!current) throw notFound('user', viewer.userId);
      if (input.locale === undefined || input.locale === current.locale) return current;
      // The row is locked, so the version read is the one to update.
      const updated = (await updateVersioned<User>(em, User, current.id, current.version, { locale: input.locale }))!;
      await this.history.record(em, { ...ownChain('USER', updated), action: 'updateMyPreferences', author: authorOf(viewer), before: current });
      return updated;
    });
  }

  /** Batched lookup of API keys by id (`node`); admins only, which the schema's rules enforce. */
  async keysByIds(ids: readonly string[]): Promise<(ApiKey | null)[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const found = valid.length ? await rows<ApiKey>(this.ds, `SELECT ${this.keyColumns} FROM api_keys k WHERE k.id = ANY($1::uuid[])`, [valid]) : [];
    return oneByKeys(ids, found, (k) => k.id);
  }

  listKeys(): Promise<ApiKey[]> {
    return rows<ApiKey>(this.ds, `SELECT ${this.keyColumns} FROM api_keys k ORDER BY k.created_at DESC, k.id`);
  }

  /** Creates a key; the secret is returned this once and only its digest is kept. */
  async createKey(viewer: StaffViewer, raw: unknown, tx?: EntityManager): Promise<{ apiKey: ApiKey; secret: string }> {
    const { name } = parseInput(apiKeyInput, raw, '');
    const secret = newSecret('apiKey');
    return within(this.ds, tx, async (em) => {
      const [apiKey] = await returning<ApiKey>(
        em,
        `INSERT INTO api_keys AS k (name, prefix, key_hash, created_by_id) VALUES ($1, $2, $3, $4) RETURNING ${this.keyColumns}`,
        [name, secret.slice(0, 12), digest(secret), viewer.userId],
      );
      await this.history.record(em, { ...ownChain('API_KEY', apiKey!), action: 'createApiKey', author: authorOf(viewer), before: null });
      return { apiKey: apiKey!, secret };
    });
  }

  async revokeKey(viewer: StaffViewer, id: string, tx?: EntityManager): Promise<ApiKey> {
    if (!uuid.safeParse(id).success) throw notFound('API key', id);
    return within(this.ds, tx, async (em) => {
      const current = await one<ApiKey>(em, `SELECT ${this.keyColumns} FROM api_keys k WHERE k.id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('API key', id);
      if (current.revokedAt) {
        throw new AppError('INVALID_TRANSITION', 'This API key is already revoked.', { currentState: 'REVOKED', allowedActions: [] });
      }
      const [revoked] = await returning<ApiKey>(
        em,
        `UPDATE api_keys k SET revoked_at = now(), version = k.version + 1 WHERE k.id = $1 RETURNING ${this.keyColumns}`,
        [id],
      );
      await this.history.record(em, { ...ownChain('API_KEY', revoked!), action: 'revokeApiKey', author: authorOf(viewer), before: current });
      return revoked!;
    });
  }

  private async checkEmailFree(em: EntityManager, email: string, selfId: string | null) {
    const taken = await one<{ id: string }>(em, 'SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    if (taken && taken.id !== selfId) throw badInput('input.email', 'another user already has this e-mail address.');
  }
}

