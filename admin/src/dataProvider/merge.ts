import * as Q from './queries';
import type { Gql, Rec } from './resource';

export type CatalogResource = 'actors' | 'sources';
/** Why an existing record looks like the one being entered (the server's DuplicateMatch). */
export type DuplicateMatch = 'WIKIDATA_ID' | 'NAME' | 'ALIAS' | 'URL' | 'TITLE';
export interface Duplicate {
  record: Rec;
  similarity: number;
  matchedOn: DuplicateMatch;
}

export interface MergeMethods {
  similarActors(probe: { name: string; aliases?: string[]; wikidataId?: string | null }): Promise<Duplicate[]>;
  similarSources(probe: { title?: string | null; url?: string | null }): Promise<Duplicate[]>;
  /** Merges `merged` into `survivor`, both at the versions the user saw; answers the survivor. */
  merge(resource: CatalogResource, survivor: { id: string; version: number }, merged: { id: string; version: number }, reason?: string): Promise<Rec>;
}

type Similar<K extends string> = { similarity: number; matchedOn: DuplicateMatch } & Record<K, Rec>;

/** Duplicate warnings and merges of actors and sources. */
export function mergeModule(gql: Gql): { methods: MergeMethods } {
  return {
    methods: {
      async similarActors(probe) {
        const { similarActors } = await gql<{ similarActors: Similar<'actor'>[] }>(Q.SIMILAR_ACTORS, probe);
        return similarActors.map(({ actor, ...match }) => ({ record: actor, ...match }));
      },
      async similarSources(probe) {
        const { similarSources } = await gql<{ similarSources: Similar<'source'>[] }>(Q.SIMILAR_SOURCES, probe);
        return similarSources.map(({ source, ...match }) => ({ record: source, ...match }));
      },
      async merge(resource, survivor, merged, reason) {
        const query = resource === 'actors' ? Q.MERGE_ACTORS : Q.MERGE_SOURCES;
        const vars = { survivorId: survivor.id, mergedId: merged.id, survivorVersion: survivor.version, mergedVersion: merged.version, reason: reason || null };
        return Object.values(await gql<Record<string, Rec>>(query, vars))[0]!;
      },
    },
  };
}
