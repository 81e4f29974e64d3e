import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { Actor, Claim, Evidence, Source, Topic } from '../db/entities';
import { isStaff, type Viewer } from '../domain/viewer';
import type { ClaimInclude } from './claimRows';
import { STANCES } from '../domain/vocabulary';
import { evidenceTable, evidenceVisibility } from './visibility';

/**
 * The claim and its related rows as SQL, for both read paths: field specs per type derived from
 * the entities' metadata, each related-row subquery (join, visibility, order) defined once, and
 * two renderers over them. The row renderer gives the resolvers entity-shaped rows with related
 * rows nested as JSON; the JSON renderer makes PostgreSQL write a client's selection exactly as
 * graphql-js would serialise it (the public fast path, server/fastPath/).
 */
export type ProjectedType = 'Claim' | 'Actor' | 'Source' | 'Topic' | 'Evidence';

/** A stored field: its column and, when one is known, the SQL that prints it as the API does. */
export interface FieldSpec {
  column: string;
  json?: (expr: string) => string;
}

/** A client's selection of one type, as the fast path's planner collected it. */
export interface JsonField {
  /** Response key: the alias, or the field name. */
  key: string;
  field: string;
  children?: JsonField[];
  /** Claim.evidence(stance:). */
  stance?: string | null;
}

/** Rows of another table that belong to a row (`owner` is the owner's alias). */
interface Related {
  type: ProjectedType;
  alias: string;
  /** FROM and JOINs (for the viewer: staff and the public read different tables); absent when the parent's own FROM already joins the row (LEFT JOIN). */
  from?: string | ((viewer: Viewer | null) => string);
  /** The related row's column that names its owner, and the owner's column it names. */
  on?: [related: string, owner: string];
  many?: boolean;
  order?: string;
  visible?: (viewer: Viewer, alias: string) => string;
}

/** Topics in name order, ties by id: the one order of a claim's topics everywhere. */
const TOPICS: Related = {
  type: 'Topic',
  alias: 't',
  from: 'claim_topics ct JOIN topics t ON t.id = ct.topic_id',
  on: ['ct.claim_id', 'id'],
  many: true,
  order: 't.name, t.id',
};

const RELATED: Partial<Record<ProjectedType, Record<string, Related>>> = {
  Claim: {
    claimant: { type: 'Actor', alias: 'a', from: 'actors a', on: ['a.id', 'claimant_id'] },
    firstAppearance: { type: 'Source', alias: 's', from: 'sources s', on: ['s.id', 'first_appearance_id'] },
    topics: TOPICS,
    evidence: {
      type: 'Evidence',
      alias: 'e',
      from: (viewer) => `${evidenceTable(viewer)} e LEFT JOIN sources es ON es.id = e.source_id`,
      on: ['e.claim_id', 'id'],
      many: true,
      order: 'e.created_at, e.id',
      visible: evidenceVisibility,
    },
  },
  Evidence: { source: { type: 'Source', alias: 'es' } },
};

/** Claim fields the JSON renderer answers without a column. Public readers may take no action. */
const COMPUTED: Record<string, (c: string, ranked: boolean) => string> = {
  nextActions: () => `'[]'::json`,
  // The page rows carry it (pageColumns).
  correctionInProgress: (c) => `${c}."correctionInProgress"`,
  asOf: () => 'NULL',
  searchRank: (c, ranked) => (ranked ? `${c}.__rank` : 'NULL'),
};

const ENTITIES: Record<ProjectedType, EntityTarget<ObjectLiteral>> = { Claim, Actor, Source, Topic, Evidence };

const iso = (e: string) => `to_char(${e} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (e: string) => `to_char(${e}, 'YYYY-MM-DD')`;
const plain = (e: string) => e;
// GraphQL names only ([_A-Za-z][_0-9A-Za-z]*), so quoting them as literals is safe.
const key = (k: string) => `'${k}'`;
const object = (pairs: string[]) => `json_build_object(${pairs.join(', ')})`;

/**
 * How the API prints a column, by its type: DateTime as UTC ISO with milliseconds, Date as the
 * day. No formatter for floats: PostgreSQL's and JavaScript's shortest forms differ (1e+20), so
 * such fields are left to the normal path.
 */
function formatterFor(c: EntityMetadata['columns'][number]): FieldSpec['json'] {
  if (c.isArray) return (e) => `to_json(${e})`;
  switch (String(c.type)) {
    case 'timestamptz':
      return iso;
    case 'date':
      return day;
    case 'text':
    case 'uuid':
    case 'integer':
    case 'smallint':
    case 'boolean':
      return plain;
    default:
      return undefined;
  }
}

const link = (rel: Related, owner: string) => `${rel.on![0]} = ${owner}.${rel.on![1]}`;
const fromOf = (rel: Related, viewer: Viewer | null) => (typeof rel.from === 'function' ? rel.from(viewer) : rel.from!);

/** A claim's topic slugs in slug order, as its history state and exports list them. */
export const topicSlugsOf = (c: string) => `ARRAY(SELECT t.slug FROM ${fromOf(TOPICS, null)} WHERE ${link(TOPICS, c)} ORDER BY t.slug)`;

/** Claims filed under a topic (by slug parameter): the topics relation's own join. */
export const hasTopic = (c: string, slugParam: string) =>
  `EXISTS (SELECT 1 FROM ${fromOf(TOPICS, null)} WHERE ${link(TOPICS, c)} AND t.slug = ${slugParam})`;

/**
 * The state of a claim's published version (publishedVersions.ts) as `"property"` columns: on a
 * `public_claims` row its own columns; for staff, reading `claims`, looked up by id.
 */
export function publicationState(viewer: Viewer, c: string): string {
  const own = (p: string) => (isStaff(viewer) ? `(SELECT p.${p} FROM public_claims p WHERE p.id = ${c}.id)` : `${c}.${p}`);
  return [
    `COALESCE(${own('correction_in_progress')}, false) AS "correctionInProgress"`,
    `${own('withdrawn_at')} AS "withdrawnAt"`,
    `${own('withdrawn_reason')} AS "withdrawnReason"`,
  ].join(', ');
}

export class ClaimProjection {
  /** Every claim column as `c.column AS "property"` (the row renderer's claim). */
  readonly columns: string;
  /** Every claim column by its own name, for a CTE the JSON renderer reads (`n.claimed_on`). */
  private readonly rawColumns: string;
  private readonly specs: Record<ProjectedType, Map<string, FieldSpec>>;

  constructor(ds: DataSource) {
    const stored = (t: ProjectedType) => ds.getMetadata(ENTITIES[t]).columns.filter((c) => c.isSelect);
    this.specs = Object.fromEntries(
      (Object.keys(ENTITIES) as ProjectedType[]).map((t) => [
        t,
        new Map(stored(t).map((c) => [c.propertyName, { column: c.databaseName, json: formatterFor(c) }])),
      ]),
    ) as Record<ProjectedType, Map<string, FieldSpec>>;
    this.columns = this.fieldsOf('Claim', 'c').map(([prop, col]) => `${col} AS "${prop}"`).join(', ');
    this.rawColumns = this.fieldsOf('Claim', 'c').map(([, col]) => col).join(', ');
  }

  /** Whether the JSON renderer can print this field of this type. */
  answers(type: string, field: string): boolean {
    const t = type as ProjectedType;
    if (!this.specs[t]) return false;
    return (
      field === '__typename' ||
      Boolean(RELATED[t]?.[field]) ||
      (t === 'Claim' && field in COMPUTED) ||
      Boolean(this.specs[t].get(field)?.json)
    );
  }

  // ------------------------------------------------------------ rows (resolvers)

  /** The claim's columns and publication state with the requested related rows nested as JSON. */
  select(viewer: Viewer, include: ClaimInclude): string {
    const parts = [this.columns, publicationState(viewer, 'c')];
    for (const [field, rel] of Object.entries(RELATED.Claim!)) {
      if (include[field as keyof ClaimInclude]) parts.push(`${this.related(viewer, rel, 'c', this.row(rel.type, rel.alias))} AS "${field}"`);
    }
    return parts.join(',\n');
  }

  /** Every stored column of a row (and the rows its FROM joins) as one JSON object. */
  private row(type: ProjectedType, alias: string): string {
    const pairs = this.fieldsOf(type, alias).map(([prop, col]) => `${key(prop)}, ${col}`);
    for (const [field, rel] of Object.entries(RELATED[type] ?? {})) {
      if (!rel.from) pairs.push(`${key(field)}, ${this.related(null, rel, alias, this.row(rel.type, rel.alias))}`);
    }
    return object(pairs);
  }

  /** Rows of a related kind for many owners at once (DataLoader), with `__owner` set to the owner's id. */
  batchSql(viewer: Viewer | null, field: 'topics' | 'evidence'): string {
    const rel = RELATED.Claim![field]!;
    const columns = this.fieldsOf(rel.type, rel.alias).map(([prop, col]) => `${col} AS "${prop}"`);
    for (const [name, joined] of Object.entries(RELATED[rel.type] ?? {})) {
      columns.push(`${this.related(viewer, joined, rel.alias, this.row(joined.type, joined.alias))} AS "${name}"`);
    }
    const where = [`${rel.on![0]} = ANY($1::uuid[])`, viewer && rel.visible?.(viewer, rel.alias)].filter(Boolean).join(' AND ');
    return `SELECT ${rel.on![0]} AS "__owner", ${columns.join(', ')} FROM ${fromOf(rel, viewer)} WHERE ${where} ORDER BY ${rel.order}`;
  }

  // ------------------------------------------------------------ JSON (fast path)

  /** The columns of the page rows the JSON renderer reads (`c`: the claim table's alias). */
  pageColumns(viewer: Viewer): string {
    return `${this.rawColumns}, ${publicationState(viewer, 'c')}`;
  }

  /** A client's selection of a type, printed as the API prints it. `ranked`: the rows carry `__rank`. */
  json(viewer: Viewer, type: ProjectedType, fields: JsonField[], alias: string, ranked = false): string {
    return object(fields.map((f) => `${key(f.key)}, ${this.jsonValue(viewer, type, f, alias, ranked)}`));
  }

  private jsonValue(viewer: Viewer, type: ProjectedType, f: JsonField, alias: string, ranked: boolean): string {
    if (f.field === '__typename') return `'${type}'`;
    const rel = RELATED[type]?.[f.field];
    if (rel) return this.related(viewer, rel, alias, this.json(viewer, rel.type, f.children!, rel.alias, ranked), stanceFilter(rel, f.stance));
    const computed = type === 'Claim' ? COMPUTED[f.field] : undefined;
    if (computed) return computed(alias, ranked);
    const spec = this.specs[type].get(f.field);
    if (!spec?.json) throw new Error(`${type}.${f.field} has no JSON form`);
    return spec.json(`${alias}.${spec.column}`);
  }

  // ------------------------------------------------------------ shared

  /** Related rows as a subquery of the owner row (`obj` is the JSON of one related row). */
  private related(viewer: Viewer | null, rel: Related, owner: string, obj: string, extra = ''): string {
    if (!rel.from) return `CASE WHEN ${rel.alias}.id IS NULL THEN NULL ELSE ${obj} END`;
    const where = [link(rel, owner), viewer && rel.visible?.(viewer, rel.alias), extra].filter(Boolean).join(' AND ');
    if (!rel.many) return `(SELECT ${obj} FROM ${fromOf(rel, viewer)} WHERE ${where})`;
    return `COALESCE((SELECT json_agg(${obj} ORDER BY ${rel.order}) FROM ${fromOf(rel, viewer)} WHERE ${where}), '[]'::json)`;
  }

  private fieldsOf(type: ProjectedType, alias: string): [string, string][] {
    return [...this.specs[type]].map(([prop, spec]) => [prop, `${alias}.${spec.column}`]);
  }
}

// The stance argument is a validated enum value; checked again before it becomes SQL text. As a
// literal it keeps the statement's plan to the stance (four values: few prepared shapes).
function stanceFilter(rel: Related, stance: string | null | undefined): string {
  if (!stance || rel.type !== 'Evidence') return '';
  if (!(STANCES as readonly string[]).includes(stance)) throw new Error(`unknown stance ${stance}`);
  return `${rel.alias}.stance = '${stance}'`;
}
