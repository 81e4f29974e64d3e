import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  embeddableJson,
  localizedLabels,
  plainText,
  publisherDay,
  ratingMap,
  readReview,
  reviewDocument,
  reviewKey,
  toClaimReview,
  type ImportCandidate,
} from '../../server/domain/claimReview';
import { canonicalLanguageTag } from '../../server/domain/languageTag';
import type { Verdict } from '../../server/domain/vocabulary';

/** The rules of reading and writing ClaimReview, table by table (no database). */

const root = path.resolve(__dirname, '../..');
const shipped = JSON.parse(readFileSync(path.join(root, 'server/domain/claimreview-ratings.json'), 'utf8')) as Record<string, unknown>;
const ratings = ratingMap(shipped);

/** A minimal valid review with `patch` applied; returns what the importer reads from it, or its refusal. */
function read(patch: Record<string, unknown> = {}, rating: Record<string, unknown> = { alternateName: 'False' }) {
  const review = {
    '@type': 'ClaimReview',
    url: 'https://factcheck.example.org/review/1',
    claimReviewed: 'A claim long enough to be read.',
    reviewRating: { '@type': 'Rating', ...rating },
    itemReviewed: { '@type': 'Claim' },
    ...patch,
  };
  const parsed = readReview(review, 0, ratings);
  return 'error' in parsed ? { error: parsed.error } : parsed.candidate;
}
const candidate = (r: ReturnType<typeof read>): ImportCandidate => {
  if ('error' in r) throw new Error(`refused: ${r.error}`);
  return r as ImportCandidate;
};

describe('publisherDay: the calendar date the publisher wrote', () => {
  test.each([
    ['2023-05-10', '2023-05-10'],
    // The date part as written: in UTC these are the 11th and the 10th.
    ['2023-05-10T22:00-05:00', '2023-05-10'],
    ['2023-05-11T00:30:00+02:00', '2023-05-11'],
    ['2023-05-10T23:59:59.999Z', '2023-05-10'],
    ['2023-05-10 22:00:00', '2023-05-10'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (raw, day) => {
    expect(publisherDay(raw, 'datePublished')).toBe(day);
  });

  test.each([
    ['2023-02-30', 'datePublished: 2023-02-30 is not a real date: February 2023 has 28 days'],
    ['2023-13-45', 'datePublished: 2023-13-45 is not a real date: there is no month 13'],
    ['2023-04-31T10:00:00Z', 'datePublished: 2023-04-31T10:00:00Z is not a real date: April 2023 has 30 days'],
    ['12/05/2023', 'datePublished: 12/05/2023 is ambiguous (day/month or month/day?); schema.org dates are ISO 8601, such as 2023-05-12'],
    ['05.12.2023', 'datePublished: 05.12.2023 is ambiguous (day/month or month/day?); schema.org dates are ISO 8601, such as 2023-05-12'],
    ['25/12/2023', 'datePublished: "25/12/2023" is not an ISO 8601 date such as 2023-05-12'],
    ['May 10, 2023', 'datePublished: "May 10, 2023" is not an ISO 8601 date such as 2023-05-12'],
    ['2023-05-10T25:00:00Z', 'datePublished: 2023-05-10T25:00:00Z is not a real time of day'],
    ['2023-05-10T10:00:00+15:00', 'datePublished: 2023-05-10T10:00:00+15:00 is not a real time of day'],
  ])('%s is refused: %s', (raw, reason) => {
    expect(() => publisherDay(raw, 'datePublished')).toThrow(reason);
  });

  test('absent or empty is no date', () => {
    expect(publisherDay(undefined, 'datePublished')).toBeNull();
    expect(publisherDay('  ', 'datePublished')).toBeNull();
  });
});

describe('reviewKey: one review under every spelling of its url', () => {
  const key = 'https://www.politifact.com/factchecks/2023/may/11/jane-doe/toll';
  test.each([
    'https://www.politifact.com/factchecks/2023/may/11/jane-doe/toll',
    'http://www.politifact.com/factchecks/2023/may/11/jane-doe/toll',
    'https://www.politifact.com/factchecks/2023/may/11/jane-doe/toll/',
    'https://WWW.PolitiFact.com:443/factchecks/2023/may/11/jane-doe/toll',
    'https://www.politifact.com/factchecks/2023/may/11/jane-doe/toll?utm_source=twitter&utm_medium=social',
    'https://www.politifact.com/factchecks/2023/may/11/jane-doe/toll/?fbclid=IwAR0abc&gclid=xyz#rating',
    ' http://www.politifact.com/factchecks/2023/may/11/jane-doe/toll/#top ',
  ])('%s', (url) => {
    expect(reviewKey(url)).toBe(key);
  });

  test('other parameters are part of the review, in any order; a different path is a different review', () => {
    expect(reviewKey('https://example.org/check?id=7&lang=fr&utm_campaign=x')).toBe('https://example.org/check?id=7&lang=fr');
    expect(reviewKey('https://example.org/check?lang=fr&id=7')).toBe('https://example.org/check?id=7&lang=fr');
    expect(reviewKey('https://example.org/check?id=8')).not.toBe(reviewKey('https://example.org/check?id=7'));
    expect(reviewKey('https://example.org/')).toBe('https://example.org');
    expect(reviewKey('http://localhost:4000/claimreview/1.jsonld')).toBe('https://localhost:4000/claimreview/1.jsonld');
    expect(reviewKey('ftp://example.org/x')).toBeNull();
    expect(reviewKey('not a url')).toBeNull();
  });
});

describe('the rating: label first, then the number on its scale', () => {
  test.each<[string, Record<string, unknown>, Verdict, { label: string | null; value: number | null; best: number | null; worst: number | null }]>([
    ['a label the map knows', { alternateName: 'Pants on Fire!', ratingValue: '1', bestRating: '6', worstRating: '1' }, 'FALSE', { label: 'Pants on Fire!', value: 1, best: 6, worst: 1 }],
    ['the label wins over its number', { alternateName: 'True', ratingValue: 1 }, 'TRUE', { label: 'True', value: 1, best: 5, worst: 1 }],
    ['a number only, schema.org default scale', { ratingValue: '2' }, 'MOSTLY_FALSE', { label: null, value: 2, best: 5, worst: 1 }],
    ['a number only, on its own scale', { ratingValue: 8, bestRating: 10, worstRating: 0 }, 'MOSTLY_TRUE', { label: null, value: 8, best: 10, worst: 0 }],
    ['a scale whose best is its lowest number', { ratingValue: 1, bestRating: 1, worstRating: 5 }, 'TRUE', { label: null, value: 1, best: 1, worst: 5 }],
    ['an unknown label with a number', { alternateName: 'Unbelegt, aber plausibel', ratingValue: 3 }, 'MIXED', { label: 'Unbelegt, aber plausibel', value: 3, best: 5, worst: 1 }],
    ['an unknown label without a number', { alternateName: 'Four Pinocchios and a half' }, 'UNPROVEN', { label: 'Four Pinocchios and a half', value: null, best: null, worst: null }],
    ['a sentence whose first sentence is a known label', { alternateName: 'Incorrect. The list grew by 60%, not 100%.' }, 'FALSE', { label: 'Incorrect. The list grew by 60%, not 100%.', value: null, best: null, worst: null }],
    ['the label in name when alternateName is absent', { name: 'Misleading' }, 'MISLEADING', { label: 'Misleading', value: null, best: null, worst: null }],
  ])('%s', (_, rating, verdict, kept) => {
    const c = candidate(read({}, rating));
    expect(c.verdict).toBe(verdict);
    expect(c.rating).toEqual(kept);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['neither label nor number', {}, 'reviewRating: has neither alternateName nor ratingValue'],
    ['a number off its scale', { ratingValue: 7, bestRating: 6, worstRating: 1 }, 'reviewRating.ratingValue: 7 is outside the scale from worstRating 1 to bestRating 6'],
    ['a scale of one point', { ratingValue: 3, bestRating: 3, worstRating: 3 }, 'reviewRating: bestRating and worstRating are both 3'],
    ['a rating that is not a number', { ratingValue: 'two' }, 'reviewRating.ratingValue: "two" is not a number'],
  ])('%s is refused', (_, rating, reason) => {
    expect(read({}, rating)).toEqual({ error: reason });
  });
});

describe('the labels of the main fact-checking languages', () => {
  test.each<[string, string, Verdict]>([
    ['fr', 'Faux', 'FALSE'],
    ['fr', 'Trompeur', 'MISLEADING'],
    ['fr', 'Plutôt vrai', 'MOSTLY_TRUE'],
    ['fr', 'PLUTOT FAUX', 'MOSTLY_FALSE'],
    ['fr', 'Partiellement faux', 'MIXED'],
    ['de', 'Falsch', 'FALSE'],
    ['de', 'Teilweise falsch', 'MIXED'],
    ['de', 'Größtenteils richtig', 'MOSTLY_TRUE'],
    ['de', 'Irreführend', 'MISLEADING'],
    ['es', 'Falso', 'FALSE'],
    ['es', 'Engañoso', 'MISLEADING'],
    ['es', 'Verdad a medias', 'MIXED'],
    ['pt', 'Enganoso', 'MISLEADING'],
    ['pt', 'Verdadeiro', 'TRUE'],
    ['it', 'Fuorviante', 'MISLEADING'],
    ['it', "C'eri quasi", 'MOSTLY_TRUE'],
    ['it', 'Panzana pazzesca', 'FALSE'],
    ['ar', 'زائف', 'FALSE'],
    ['ar', 'مضلل', 'MISLEADING'],
    ['ar', 'صحيح جزئياً', 'MIXED'],
    ['hi', 'भ्रामक', 'MISLEADING'],
    ['hi', 'ग़लत', 'FALSE'],
    ['hi', 'गलत', 'FALSE'],
    ['id', 'Salah', 'FALSE'],
    ['id', 'Menyesatkan', 'MISLEADING'],
    ['id', 'Sebagian benar', 'MIXED'],
  ])('%s: %s → %s, even without a number', (_, label, verdict) => {
    expect(candidate(read({}, { alternateName: label })).verdict).toBe(verdict);
  });

  test('the shipped table maps each label to one verdict in every language (a label in two languages agrees)', () => {
    expect(() => ratingMap(shipped)).not.toThrow();
    expect(() => ratingMap({ fr: { faux: 'FALSE' }, xx: { Faux: 'TRUE' } })).toThrow('rating map: xx.Faux → TRUE, but the same label is mapped to FALSE elsewhere');
    expect(() => ratingMap({ 'cherry picked': 'WRONG' })).toThrow('rating map: cherry picked → WRONG is not a verdict');
  });
});

describe('what else a review says, kept as written', () => {
  test('claimReviewed and names as plain text: tags stripped, entities decoded', () => {
    const c = candidate(
      read({
        claimReviewed: 'Says the toll &#8220;tripled&#8221; under the <em>new</em>&nbsp;governor &amp; that x < 5.',
        itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Mike O&#039;Brien' } },
      }),
    );
    expect(c.text).toBe('Says the toll “tripled” under the new governor & that x < 5.');
    expect(c.claimant?.name).toBe("Mike O'Brien");
    expect(plainText('<p>One<br/>two</p><!-- note -->')).toBe('One two');
    expect(plainText('&lt;script&gt; is text')).toBe('<script> is text');
  });

  test.each([
    [{ '@type': 'Person', name: 'A', sameAs: 'https://www.wikidata.org/wiki/Q22686' }, 'PERSON', 'Q22686'],
    [{ '@type': 'Person', name: 'A', sameAs: ['https://en.wikipedia.org/wiki/A', 'http://www.wikidata.org/entity/Q22686'] }, 'PERSON', 'Q22686'],
    [{ '@type': 'GovernmentOrganization', name: 'A', sameAs: 'https://m.wikidata.org/wiki/Q30' }, 'GOVERNMENT', 'Q30'],
    [{ '@type': 'NewsMediaOrganization', name: 'A' }, 'OUTLET', null],
    [{ '@type': 'Organization', name: 'A', sameAs: 'https://twitter.com/a' }, 'ORGANISATION', null],
  ])('claimant %j → %s %s', (author, kind, wikidataId) => {
    const c = candidate(read({ itemReviewed: { '@type': 'Claim', author } }));
    expect(c.claimant).toMatchObject({ name: 'A', kind, wikidataId });
  });

  test.each([
    [undefined, 'und'],
    ['fr', 'fr'],
    ['pt-br', 'pt-BR'],
    ['EN-gb', 'en-GB'],
    ['in', 'id'],
    [{ '@type': 'Language', name: 'Spanish', alternateName: 'es' }, 'es'],
  ])('inLanguage %j → %s', (inLanguage, language) => {
    expect(candidate(read(inLanguage === undefined ? {} : { inLanguage })).language).toBe(language);
  });

  test.each(['English', 'fr_FR', 'en-GB-oed', 42])('inLanguage %j is refused', (inLanguage) => {
    expect(read({ inLanguage })).toEqual({ error: `inLanguage: ${JSON.stringify(inLanguage)} must be a BCP 47 language tag such as en, fr or pt-BR` });
  });

  test('the language rule is the one claims are held to', () => {
    expect(canonicalLanguageTag('zh-hant')).toBe('zh-Hant');
    expect(canonicalLanguageTag('es-419')).toBe('es-419');
    expect(canonicalLanguageTag('en-US-x-private')).toBeNull();
  });

  test('appearances: urls, works with a url, works without one; the first mention of a work keeps its title', () => {
    const c = candidate(
      read({
        itemReviewed: {
          '@type': 'Claim',
          firstAppearance: { '@type': 'CreativeWork', url: 'https://x.com/a/status/1', headline: 'Post by @a' },
          appearance: [
            'https://x.com/a/status/1',
            'https://www.youtube.com/watch?v=abc',
            { '@type': 'CreativeWork', headline: 'State of the Nation Address', publisher: { name: 'The Presidency' }, datePublished: '2023-02-09' },
          ],
        },
      }),
    );
    expect(c.appearances).toEqual([
      { url: 'https://x.com/a/status/1', title: 'Post by @a', publisher: null, publishedOn: null },
      { url: 'https://www.youtube.com/watch?v=abc', title: 'https://www.youtube.com/watch?v=abc', publisher: null, publishedOn: null },
      { url: null, title: 'State of the Nation Address', publisher: 'The Presidency', publishedOn: '2023-02-09' },
    ]);
    expect(read({ itemReviewed: { '@type': 'Claim', appearance: ['javascript:alert(1)'] } })).toEqual({
      error: 'itemReviewed.appearance[0]: "javascript:alert(1)" is not an http:// or https:// address',
    });
  });

  test.each<[Record<string, unknown>, string]>([
    [{ itemReviewed: undefined }, 'itemReviewed: is missing (a ClaimReview must say which claim it reviews)'],
    [{ itemReviewed: 'a claim' }, 'itemReviewed: is missing (a ClaimReview must say which claim it reviews)'],
    [{ url: undefined }, 'url: is missing'],
    [{ url: 'ftp://example.org/1' }, 'url: "ftp://example.org/1" is not an http:// or https:// address'],
    [{ claimReviewed: '<b></b>' }, 'claimReviewed: is missing'],
    [{ claimReviewed: 'Too short' }, 'claimReviewed: must be 10 to 1000 characters'],
    [{ claimReviewed: { text: 'x' } }, 'claimReviewed: {"text":"x"} is not text'],
  ])('%j is refused: %s', (patch, reason) => {
    expect(read(patch)).toEqual({ error: reason });
  });
});

describe('documents: @graph, references, DataFeed, arrays', () => {
  const review = (n: number, extra: Record<string, unknown> = {}) => ({
    '@type': 'ClaimReview',
    url: `https://example.org/r/${n}`,
    claimReviewed: `Claim number ${n} is long enough.`,
    reviewRating: { alternateName: 'False' },
    itemReviewed: { '@type': 'Claim' },
    ...extra,
  });

  test('in a @graph only ClaimReview nodes are reviews; the others are context that references reach', () => {
    const doc = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': '#site', name: 'Site' },
        { '@type': 'Organization', '@id': '#org', name: 'The Checkers' },
        { '@type': 'Person', '@id': '#speaker', name: 'Ann Speaker', sameAs: 'https://www.wikidata.org/wiki/Q42' },
        { '@type': 'WebPage', '@id': '#page', isPartOf: { '@id': '#site' } },
        review(1, { author: { '@id': '#org' }, itemReviewed: { '@type': 'Claim', author: { '@id': '#speaker' } } }),
        { ...review(2), '@type': ['ClaimReview'], '@id': '#r2', itemReviewed: { '@id': '#claim2' } },
        { '@type': 'Claim', '@id': '#claim2', author: { '@type': 'Person', name: 'Bo' } },
      ],
    };
    const { items, nodes } = reviewDocument(doc);
    expect(items).toHaveLength(2);
    const [one, two] = items.map((item, i) => readReview(item, i, ratings, nodes)).map((p) => ('candidate' in p ? p.candidate : p));
    expect(one).toMatchObject({ reviewer: 'The Checkers', claimant: { name: 'Ann Speaker', kind: 'PERSON', wikidataId: 'Q42' } });
    expect(two).toMatchObject({ claimant: { name: 'Bo' } });
  });

  test('outside a @graph every element counts, so what is not a review is reported', () => {
    const { items } = reviewDocument([review(1), { '@type': 'NewsArticle' }, 42, { '@type': 'DataFeed', dataFeedElement: [{ item: review(2) }, review(3)] }]);
    expect(items).toHaveLength(5);
    expect(readReview(items[1], 1, ratings)).toEqual({ index: 1, error: '@type is "NewsArticle", not ClaimReview' });
    expect(readReview(items[2], 2, ratings)).toEqual({ index: 2, error: 'not a JSON object' });
  });
});

describe('our own ClaimReview', () => {
  const subject = {
    id: '00000000-0000-4000-8000-000000000001',
    text: 'La Corée du Nord a dépassé le plafond </script><script>alert(1)</script>',
    language: 'fr',
    verdict: 'FALSE' as Verdict,
    verdictRationale: null,
    claimedOn: null,
    publishedAt: '2024-01-02T03:04:05.000Z',
    claimant: null,
    firstAppearance: null,
  };
  const publisher = { name: 'Newsroom', url: 'https://newsroom.example' };

  test('an unattributed claim has no author, and its Claim still says its language', () => {
    const review = toClaimReview(subject, publisher, 'https://newsroom.example/r/1');
    expect(review.itemReviewed).toEqual({ '@type': 'Claim', inLanguage: 'fr' });
    expect(review.inLanguage).toBe('fr');
    expect(toClaimReview({ ...subject, language: 'und' }, publisher, 'u')).not.toHaveProperty('inLanguage');
  });

  test('localized labels: in the claim language (or its primary language), English otherwise', () => {
    const labels = localizedLabels({ fr: { FALSE: 'Faux', MISLEADING: 'Trompeur' } }, ratings);
    const label = (language: string, verdict: Verdict) =>
      (toClaimReview({ ...subject, language, verdict }, publisher, 'u', labels).reviewRating as { alternateName: string }).alternateName;
    expect(label('fr', 'FALSE')).toBe('Faux');
    expect(label('fr-CA', 'MISLEADING')).toBe('Trompeur');
    expect(label('fr', 'TRUE')).toBe('True');
    expect(label('de', 'FALSE')).toBe('False');
  });

  test('a localized label must import back as its own verdict, or the newsroom is told at start-up', () => {
    expect(() => localizedLabels({ fr: { FALSE: 'Pas vrai du tout' } }, ratings)).toThrow(
      'verdict labels: fr.FALSE "Pas vrai du tout" would import as an unknown label; add it to the rating map',
    );
    expect(() => localizedLabels({ fr: { TRUE: 'Faux' } }, ratings)).toThrow('would import as FALSE');
    expect(() => localizedLabels({ French: { FALSE: 'Faux' } }, ratings)).toThrow('verdict labels: French must be a BCP 47 language tag');
    const file = JSON.parse(readFileSync(path.join(root, 'server/domain/claimreview-verdict-labels.json'), 'utf8')) as Record<string, unknown>;
    expect(() => localizedLabels(file, ratings)).not.toThrow();
  });

  test('embeddable in a <script> element: no <, > or & left, and the same JSON when read back', () => {
    const review = toClaimReview(subject, publisher, 'https://newsroom.example/r/1');
    const text = embeddableJson(review);
    expect(text).not.toMatch(/[<>&]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(text)).toEqual(review);
  });
});
