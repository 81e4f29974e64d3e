import type { Source } from '../db/entities';
import { Source as SourceEntity } from '../db/entities';
import { containsPattern, type SqlParams } from '../db/sql';
import { createSourceInput, documentAddress, updateSourceInput } from '../domain/validation';
import type { SourceKind } from '../domain/vocabulary';
import type { CatalogSpec } from './catalog';
import { claimTable, evidenceTable, publishedClaim } from './visibility';
import { anonymous } from '../domain/viewer';

export interface SourceFilter {
  /** Matches title, publisher or URL, ignoring case. */
  search?: string | null;
  kind?: SourceKind[] | null;
  url?: string | null;
}

export type { Source };

export const sourceSpec: CatalogSpec<SourceFilter> = {
  entity: SourceEntity,
  entityType: 'SOURCE',
  noun: 'source',
  actions: { create: 'createSource', update: 'updateSource' },
  alias: 's',
  orderings: {
    TITLE: { name: 'TITLE', expr: 's.title', type: 'text', descending: false },
    NEWEST: { name: 'NEWEST', expr: 's.created_at', type: 'timestamptz', descending: true },
    PUBLISHED_ON_DESC: {
      name: 'PUBLISHED_ON_DESC',
      expr: `COALESCE(s.published_on, '-infinity'::date)`,
      type: 'date',
      descending: true,
    },
  },
  defaultOrder: 'TITLE',
  createInput: createSourceInput,
  updateInput: updateSourceInput,
  publicScope: `(EXISTS (SELECT 1 FROM ${claimTable(anonymous)} pc WHERE pc.first_appearance_id = s.id AND ${publishedClaim('pc')})
    OR EXISTS (SELECT 1 FROM ${evidenceTable(anonymous)} pe JOIN ${claimTable(anonymous)} pc ON pc.id = pe.claim_id
               WHERE pe.source_id = s.id AND pe.is_public AND pe.removed_at IS NULL AND ${publishedClaim('pc')}))`,
  filter(f: SourceFilter, p: SqlParams) {
    const where: string[] = [];
    const search = f.search?.trim();
    if (search) {
      const pattern = containsPattern(p, search);
      where.push(`(s.title ILIKE ${pattern} OR s.publisher ILIKE ${pattern} OR s.url ILIKE ${pattern})`);
    }
    if (f.kind?.length) where.push(`s.kind = ANY(${p.add(f.kind)}::text[])`);
    if (f.url) where.push(`s.url = ${p.add(documentAddress(f.url))}`);
    return where;
  },
  unique: { url: 'a source with this URL already exists; use it instead of creating another.' },
  merge: {
    action: 'mergeSources',
    claimFields: ['firstAppearanceId'],
    evidence: true,
    // The survivor takes the duplicate's URL when it has none; otherwise the duplicate keeps its
    // own (a second address of the same document), and cataloguing it again names the survivor.
    absorb(survivorRow, mergedRow) {
      const survivor = survivorRow as unknown as Source;
      const merged = mergedRow as unknown as Source;
      return !survivor.url && merged.url ? { survivor: { url: merged.url }, merged: { url: null } } : { survivor: {}, merged: {} };
    },
    label: (row) => `"${(row as unknown as Source).title}"`,
  },
};
