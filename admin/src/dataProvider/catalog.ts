import { ApiError } from './graphql';
import { ACTOR_FIELDS, SOURCE_FIELDS, actorFilter, actorOrder, changedFields, createInput, pageWindow, sourceFilter, sourceOrder, type Sort } from './mapping';
import * as Q from './queries';
import { byIds, page, wholeList, type Connection, type Gql, type Rec, type Resource } from './resource';

interface Catalogue {
  /** The list query's root field (`actors`), also the resource name. */
  root: 'actors' | 'sources';
  noun: string;
  list: string;
  /** One record as its page shows it. */
  one: string;
  create: string;
  update: string;
  filter: (f?: Record<string, unknown>) => Record<string, unknown>;
  order: (sort?: Sort) => string;
  fields: string[];
  /** Form values as the API takes them. */
  input?: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** Actors and sources work alike: listed, opened, looked up by id, created and edited at the version the user saw. */
function catalogue(gql: Gql, c: Catalogue): Resource {
  const input = c.input ?? ((d) => d);
  // Each of these operations asks for one root field (actor, createActor …): its value is the record.
  const answer = (data: Record<string, unknown>) => Object.values(data)[0] as Rec;
  return {
    async getList(params) {
      const { first, offset } = pageWindow(params.pagination);
      const data = await gql<Record<string, Connection>>(c.list, { filter: c.filter(params.filter), orderBy: c.order(params.sort), first, offset });
      return page(data[c.root]!);
    },
    async getOne({ id }) {
      const found = answer(await gql<Record<string, Rec | null>>(c.one, { id: String(id) }));
      if (!found) throw new ApiError(`No ${c.noun} with id ${String(id)}.`, 'NOT_FOUND');
      return { data: found };
    },
    getMany: async ({ ids }) => ({ data: await byIds(gql, c.list, c.root, ids) }),
    create: async ({ data }) => ({ data: answer(await gql(c.create, { input: createInput(input(data), c.fields) })) }),
    async update({ id, data, previousData }) {
      const prev = previousData ?? {};
      const changed = changedFields(input(data), prev, c.fields);
      return { data: answer(await gql(c.update, { id: String(id), expectedVersion: Number(prev.version), input: changed })) };
    },
  };
}

/** The catalogue claims refer to: actors (claimants), sources and topics. */
export function catalogModule(gql: Gql): { actors: Resource; sources: Resource; topics: Resource } {
  const actors = catalogue(gql, {
    root: 'actors',
    noun: 'actor',
    list: Q.ACTORS,
    one: Q.ACTOR,
    create: Q.CREATE_ACTOR,
    update: Q.UPDATE_ACTOR,
    filter: actorFilter,
    order: actorOrder,
    fields: ACTOR_FIELDS,
    input: (d) => (typeof d.aliases === 'string' ? { ...d, aliases: splitList(d.aliases) } : d),
  });
  // The evidence citing a source, which its page lists, is the `evidence` resource's list (filter.sourceId).
  const sources = catalogue(gql, {
    root: 'sources',
    noun: 'source',
    list: Q.SOURCES,
    one: Q.SOURCE,
    create: Q.CREATE_SOURCE,
    update: Q.UPDATE_SOURCE,
    filter: sourceFilter,
    order: sourceOrder,
    fields: SOURCE_FIELDS,
  });

  // Claims are filtered by topic slug, so the slug is the record id.
  const topics: Resource = wholeList('topics', async () =>
    (await gql<{ topics: Rec[] }>(Q.TOPICS)).topics.map((t): Rec => ({ ...t, topicId: t.id, id: String(t.slug) })),
  );

  return { actors, sources, topics };
}

/** Aliases typed one per line (or separated by semicolons). */
function splitList(s: string): string[] {
  return s
    .split(/[\n;]/)
    .map((x) => x.trim())
    .filter(Boolean);
}
