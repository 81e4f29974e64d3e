import type { DataSource } from 'typeorm';
import { Actor, Source } from '../db/entities';
import { rows, selectList } from '../db/sql';
import { badInput } from '../domain/errors';
import { documentAddress, parseInput, similarActorsInput, similarSourcesInput } from '../domain/validation';

export type DuplicateMatch = 'WIKIDATA_ID' | 'NAME' | 'ALIAS' | 'URL' | 'TITLE';

/** How alike two names or titles must be (pg_trgm similarity, 0 to 1) to be worth a warning. */
const THRESHOLD = 0.3;
/** A warning lists a few candidates, best first, not a search result. */
const LIMIT = 10;

/**
 * Existing actors and sources that look like the one being entered, so a desk can reuse or merge
 * them instead of splitting a person's claims over two entries. Merged rows are left out: they
 * are redirects. Names and titles are compared by trigram similarity (indexed); Wikidata ids and
 * URLs exactly, a URL also as its other http/https, www and trailing-slash spellings.
 */
export class DuplicateFinder {
  private readonly actorColumns: string;
  private readonly sourceColumns: string;

  constructor(private readonly ds: DataSource) {
    this.actorColumns = selectList(ds, Actor, 'a');
    this.sourceColumns = selectList(ds, Source, 's');
  }

  async actors(raw: { name: string; aliases?: string[] | null; wikidataId?: string | null }) {
    const input = parseInput(similarActorsInput, raw, '');
    const names = [...new Set([input.name, ...(input.aliases ?? [])])];
    const found = await rows<Actor & { similarity: number; matchedOn: DuplicateMatch }>(
      this.ds,
      `WITH probe AS (SELECT unnest($1::text[]) AS n),
       candidates AS (
         SELECT a.id FROM actors a JOIN probe ON a.name % probe.n
         UNION SELECT a.id FROM actors a WHERE a.wikidata_id = $2
         UNION SELECT a.id FROM actors a, unnest(a.aliases) al JOIN probe ON al % probe.n)
       SELECT ${this.actorColumns}, m.similarity, m."matchedOn"
       FROM candidates k JOIN actors a ON a.id = k.id
       CROSS JOIN LATERAL (SELECT
         (SELECT max(similarity(a.name, n)) FROM probe) AS by_name,
         (SELECT max(similarity(al, n)) FROM probe, unnest(a.aliases) al) AS by_alias) s
       CROSS JOIN LATERAL (SELECT
         CASE WHEN a.wikidata_id = $2 THEN 1 ELSE greatest(s.by_name, s.by_alias) END::float8 AS similarity,
         CASE WHEN a.wikidata_id = $2 THEN 'WIKIDATA_ID' WHEN s.by_name >= coalesce(s.by_alias, 0) THEN 'NAME' ELSE 'ALIAS' END AS "matchedOn") m
       WHERE a.merged_into_id IS NULL AND m.similarity >= ${THRESHOLD}
       ORDER BY m.similarity DESC, a.name, a.id
       LIMIT ${LIMIT}`,
      [names, input.wikidataId ?? null],
    );
    return found.map(({ similarity, matchedOn, ...actor }) => ({ actor, similarity, matchedOn }));
  }

  async sources(raw: { title?: string | null; url?: string | null }) {
    const input = parseInput(similarSourcesInput, raw, '');
    if (!input.title && !input.url) throw badInput('title', 'give a title or a url to compare.');
    const found = await rows<Source & { similarity: number; matchedOn: DuplicateMatch }>(
      this.ds,
      `WITH candidates AS (
         SELECT s.id FROM sources s WHERE s.url = ANY($2::text[])
         UNION SELECT s.id FROM sources s WHERE $1::text IS NOT NULL AND s.title % $1)
       SELECT ${this.sourceColumns}, m.similarity, m."matchedOn"
       FROM candidates k JOIN sources s ON s.id = k.id
       CROSS JOIN LATERAL (SELECT
         CASE WHEN s.url = ANY($2::text[]) THEN 1 ELSE similarity(s.title, $1) END::float8 AS similarity,
         CASE WHEN s.url = ANY($2::text[]) THEN 'URL' ELSE 'TITLE' END AS "matchedOn") m
       WHERE s.merged_into_id IS NULL AND m.similarity >= ${THRESHOLD}
       ORDER BY m.similarity DESC, s.title, s.id
       LIMIT ${LIMIT}`,
      [input.title ?? null, input.url ? addressSpellings(input.url) : []],
    );
    return found.map(({ similarity, matchedOn, ...source }) => ({ source, similarity, matchedOn }));
  }
}

/**
 * The spellings of one document's address that people paste interchangeably: http or https,
 * with or without www., with or without a trailing slash. Each is looked up in the unique URL index.
 */
export function addressSpellings(raw: string): string[] {
  const address = documentAddress(raw);
  let u: URL;
  try {
    u = new URL(address);
  } catch {
    return [address];
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return [address];
  const host = u.hostname.replace(/^www\./, '');
  const rest = `${u.port ? `:${u.port}` : ''}${u.pathname}${u.search}`;
  const paths = rest.endsWith('/') ? [rest, rest.slice(0, -1)] : [rest, `${rest}/`];
  const spellings = ['http', 'https'].flatMap((scheme) => [host, `www.${host}`].flatMap((h) => paths.map((p) => `${scheme}://${h}${p}`)));
  return [...new Set([address, ...spellings])];
}
