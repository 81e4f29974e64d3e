import { ApiError } from './graphql';
import { pageLocally, type Pagination, type Sort } from './mapping';

/**
 * What every resource module of the dataProvider shares: the shape of records and parameters, the
 * react-admin methods a resource may answer, and helpers for the lists the API returns whole.
 */
export type Rec = Record<string, unknown> & { id: string };
export type Params = Record<string, unknown> & {
  pagination?: Pagination;
  sort?: Sort;
  filter?: Record<string, unknown>;
  meta?: Record<string, unknown>;
};
export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

interface ListResult {
  data: Rec[];
  total?: number;
  pageInfo?: { hasNextPage?: boolean; hasPreviousPage?: boolean };
}

/** react-admin's methods as one resource answers them; a method it lacks is refused by the dispatcher. */
export interface Resource {
  getList?(params: Params): Promise<ListResult>;
  getOne?(params: { id: unknown; meta?: Record<string, unknown> }): Promise<{ data: Rec }>;
  getMany?(params: { ids: unknown[] }): Promise<{ data: Rec[] }>;
  create?(params: { data: Record<string, unknown>; meta?: Record<string, unknown> }): Promise<{ data: Rec }>;
  update?(params: { id: unknown; data: Record<string, unknown>; previousData: Record<string, unknown>; meta?: Record<string, unknown> }): Promise<{ data: Rec }>;
  updateMany?(params: { ids: unknown[]; data: Record<string, unknown>; meta?: Record<string, unknown> }): Promise<{ data: unknown[] }>;
  delete?(params: { id: unknown; previousData?: Record<string, unknown>; meta?: Record<string, unknown> }): Promise<{ data: Rec }>;
  deleteMany?(params: { ids: unknown[]; meta?: Record<string, unknown> }): Promise<{ data: unknown[] }>;
}

export interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
  nodes: Rec[];
}

/** One page of a connection as react-admin lists it. */
export function page(c: Connection, map: (r: Rec) => Rec = (r) => r): ListResult {
  return { data: c.nodes.map(map), total: c.totalCount, pageInfo: c.pageInfo };
}

/**
 * Records by id through a list query's `filter.ids`, in requests of at most this many: the most
 * the server takes at once by default (its MAX_PAGE_SIZE).
 */
const IDS_PER_REQUEST = 100;

export async function byIds(gql: Gql, query: string, root: string, ids: unknown[], map: (r: Rec) => Rec = (r) => r): Promise<Rec[]> {
  const unique = [...new Set(ids.map(String))];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) chunks.push(unique.slice(i, i + IDS_PER_REQUEST));
  const pages = await Promise.all(chunks.map((chunk) => gql<Record<string, Connection>>(query, { filter: { ids: chunk }, first: chunk.length })));
  return pages.flatMap((p) => p[root]!.nodes.map(map));
}

/** The refusal of a method a resource does not have. */
export const unsupported = (resource: string, what: string) =>
  new ApiError(`${what} is not possible for ${resource}: ClaimLedger keeps every record and its history.`, 'BAD_USER_INPUT');

/** Lists the API returns whole (users, API keys, staff, topics): filtered, sorted, paged and looked up here. */
export function wholeList(name: string, load: () => Promise<Rec[]>): Required<Pick<Resource, 'getList' | 'getOne' | 'getMany'>> {
  return {
    getList: async (params) => pageLocally(await load(), params, ['displayName', 'email', 'name', 'prefix', 'slug']),
    async getOne({ id }) {
      const found = (await load()).find((r) => r.id === String(id));
      if (!found) throw new ApiError(`No ${name} record with id ${String(id)}.`, 'NOT_FOUND');
      return { data: found };
    },
    async getMany({ ids }) {
      const wanted = new Set(ids.map(String));
      return { data: (await load()).filter((r) => wanted.has(r.id)) };
    },
  };
}

export function opt(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
