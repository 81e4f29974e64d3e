import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { ratingMap, readReview, reviewDocument, type ImportCandidate } from '../../server/domain/claimReview';

/**
 * Checks of the public pages (server/publicPages/) shared by the server and browser tests: HTML
 * validity (html-validate's recommended rules, WCAG ones included), the embedded ClaimReview read
 * back through our importer, and the links' and headings' sanity.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Titles are the verdict and the claim's statement, which a search result may cut: that is fine.
    'long-title': 'off',
  },
});

/** html-validate's complaints about a page, as `rule: message` lines (empty when valid). */
export async function htmlProblems(page: string): Promise<string[]> {
  const report = await validator.validateString(page);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} (line ${m.line}): ${m.message}`));
}

const ratings = ratingMap(
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'server', 'domain', 'claimreview-ratings.json'), 'utf8')) as Record<string, unknown>,
);

/** The page's JSON-LD block, as JSON. */
export function embeddedReview(page: string): Record<string, unknown> {
  const blocks = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0]![1]!) as Record<string, unknown>;
}

/** What our ClaimReview importer reads from a review (failing the test if it refuses it). */
export function importedFrom(review: unknown): ImportCandidate {
  const { items, nodes } = reviewDocument(review);
  expect(items).toHaveLength(1);
  const parsed = readReview(items[0], 0, ratings, nodes);
  if ('error' in parsed) throw new Error(`the importer refuses the embedded review: ${parsed.error}`);
  return parsed.candidate;
}

/** Every link's text, and the headings' levels in order. */
export function outline(page: string): { links: string[]; headings: number[] } {
  const text = (s: string) => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return {
    links: [...page.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((m) => text(m[1]!)),
    headings: [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1])),
  };
}

/** Headings that start at one h1 and never skip a level going down. */
export function expectSaneOutline(page: string): void {
  const { links, headings } = outline(page);
  expect(headings.filter((h) => h === 1)).toHaveLength(1);
  expect(headings[0]).toBe(1);
  headings.forEach((h, i) => i > 0 && expect(h - headings[i - 1]!).toBeLessThanOrEqual(1));
  for (const l of links) {
    expect(l.length).toBeGreaterThan(0);
    expect(l.toLowerCase()).not.toMatch(/^(here|click here|more|link|read more)$/);
  }
}
