import { USER_FIELDS, changedFields, createInput } from './mapping';
import * as Q from './queries';
import { wholeList, type Gql, type Rec, type Resource } from './resource';

/** Users and API keys (admins), and the staff picker every role uses (names only, no e-mail addresses). */
export interface UserMethods {
  revokeApiKey(id: string): Promise<{ data: Rec }>;
}

export function usersModule(gql: Gql): { users: Resource; staff: Resource; apiKeys: Resource; methods: UserMethods } {
  const methods: UserMethods = {
    async revokeApiKey(id) {
      return { data: (await gql<{ revokeApiKey: Rec }>(Q.REVOKE_API_KEY, { id })).revokeApiKey };
    },
  };

  const users: Resource = {
    ...wholeList('users', async () => (await gql<{ users: Rec[] }>(Q.USERS)).users),
    create: async ({ data }) => ({ data: (await gql<{ createUser: Rec }>(Q.CREATE_USER, { input: createInput(data, USER_FIELDS) })).createUser }),
    async update({ id, data, previousData }) {
      const prev = previousData ?? {};
      const input = changedFields(data, prev, USER_FIELDS);
      // An empty password box means "keep the password", never "remove it".
      if (input.password == null) delete input.password;
      return { data: (await gql<{ updateUser: Rec }>(Q.UPDATE_USER, { id: String(id), expectedVersion: Number(prev.version), input })).updateUser };
    },
  };

  const staff: Resource = wholeList('staff', async () => (await gql<{ staff: Rec[] }>(Q.STAFF)).staff);

  const apiKeys: Resource = {
    ...wholeList('apiKeys', async () => (await gql<{ apiKeys: Rec[] }>(Q.API_KEYS)).apiKeys),
    async create({ data }) {
      // The secret exists only in this answer: the record carries it so the screen can show it once.
      const { createApiKey } = await gql<{ createApiKey: { secret: string; apiKey: Rec } }>(Q.CREATE_API_KEY, { name: String(data.name ?? '').trim() });
      return { data: { ...createApiKey.apiKey, secret: createApiKey.secret } };
    },
    // Deleting a key means revoking it.
    delete: ({ id }) => methods.revokeApiKey(String(id)),
    deleteMany: async ({ ids }) => ({ data: (await Promise.all(ids.map((id) => methods.revokeApiKey(String(id))))).map((r) => r.data.id) }),
  };

  return { users, staff, apiKeys, methods };
}
