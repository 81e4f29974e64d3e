import type { Actor } from '../db/entities';
import { Actor as ActorEntity } from '../db/entities';
import { containsPattern, type SqlParams } from '../db/sql';
import { badInput } from '../domain/errors';
import { createActorInput, MAX_ALIASES, updateActorInput } from '../domain/validation';
import type { ActorKind } from '../domain/vocabulary';
import type { CatalogSpec } from './catalog';
import { claimTable, publishedClaim } from './visibility';
import { anonymous } from '../domain/viewer';

export interface ActorFilter {
  /** Matches the name or any alias, ignoring case ("Ri Hong Yo" finds Ri Yong Ho). */
  search?: string | null;
  kind?: ActorKind[] | null;
}

export type { Actor };

export const actorSpec: CatalogSpec<ActorFilter> = {
  entity: ActorEntity,
  entityType: 'ACTOR',
  noun: 'actor',
  actions: { create: 'createActor', update: 'updateActor' },
  alias: 'a',
  orderings: {
    NAME: { name: 'NAME', expr: 'a.name', type: 'text', descending: false },
    NEWEST: { name: 'NEWEST', expr: 'a.created_at', type: 'timestamptz', descending: true },
  },
  defaultOrder: 'NAME',
  createInput: createActorInput,
  updateInput: updateActorInput,
  publicScope: `EXISTS (SELECT 1 FROM ${claimTable(anonymous)} pc WHERE pc.claimant_id = a.id AND ${publishedClaim('pc')})`,
  filter(f: ActorFilter, p: SqlParams) {
    const where: string[] = [];
    const search = f.search?.trim();
    if (search) {
      const pattern = containsPattern(p, search);
      where.push(`(a.name ILIKE ${pattern} OR EXISTS (SELECT 1 FROM unnest(a.aliases) al WHERE al ILIKE ${pattern}))`);
    }
    if (f.kind?.length) where.push(`a.kind = ANY(${p.add(f.kind)}::text[])`);
    return where;
  },
  unique: { wikidataId: 'another actor already has this Wikidata id.' },
  merge: {
    action: 'mergeActors',
    claimFields: ['claimantId'],
    evidence: false,
    // The duplicate's name and aliases become aliases of the survivor, and its Wikidata id moves
    // when the survivor has none; two different Wikidata items are two different people.
    absorb(survivorRow, mergedRow) {
      const survivor = survivorRow as unknown as Actor;
      const merged = mergedRow as unknown as Actor;
      if (survivor.wikidataId && merged.wikidataId && survivor.wikidataId !== merged.wikidataId) {
        throw badInput('mergedId', `these actors are different Wikidata items (${survivor.wikidataId}, ${merged.wikidataId}), so not the same person.`);
      }
      const known = new Set([survivor.name, ...survivor.aliases].map((s) => s.toLowerCase()));
      const added = [...new Set([merged.name, ...merged.aliases])].filter((s) => !known.has(s.toLowerCase()));
      const aliases = [...survivor.aliases, ...added];
      if (aliases.length > MAX_ALIASES) {
        throw badInput('mergedId', `the survivor would have ${aliases.length} aliases, at most ${MAX_ALIASES}: remove some first.`);
      }
      const moves = !survivor.wikidataId && merged.wikidataId !== null;
      return {
        survivor: moves ? { aliases, wikidataId: merged.wikidataId } : { aliases },
        merged: moves ? { wikidataId: null } : {},
      };
    },
    label: (row) => `"${(row as unknown as Actor).name}"`,
  },
};
