import { VERDICT_LABELS, type Verdict } from '../domain/vocabulary';
import { PUBLIC_PATHS } from './addresses';
import type { Site } from './claimPage';
import { html, shorten, type Markup } from './html';
import type { PublishedClaim } from './reads';

/**
 * The Atom feed (RFC 4287) of new verdicts and corrections, most recent first, for feed readers
 * and newsroom CMSs. Each entry is one publication of a claim: its first verdict, or a corrected
 * one. A correction is a new entry (its own id), so a subscriber who read the first verdict is
 * told of the correction rather than seeing an old entry silently change; the entry links to the
 * claim's page (rel=alternate) and says what the verdict was before and why it changed.
 */

const label = (v: unknown) => VERDICT_LABELS[v as Verdict] ?? 'No verdict';
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * An entry's id: a tag URI (RFC 4151) naming the claim and the instant of this publication, so it
 * never changes and a correction gets a new one. The date is the publication's day, when the
 * publisher held the host name.
 */
function entryId(baseUrl: string, p: PublishedClaim): string {
  const at = iso(p.claim.publishedAt!);
  return `tag:${new URL(baseUrl).hostname},${at.slice(0, 10)}:claims/${p.claim.id}/published/${at}`;
}

function entry(site: Site, p: PublishedClaim): Markup {
  const c = p.claim;
  const url = site.baseUrl + PUBLIC_PATHS.claim(c.id);
  // The publication this entry stands for is a correction when an earlier verdict was replaced.
  const replaced = p.corrections[0];
  const title = replaced
    ? `Correction: ${label(c.verdict)} (was ${label(replaced.verdict)}): ${shorten(c.text, 150, c.language)}`
    : `${label(c.verdict)}: ${shorten(c.text, 150, c.language)}`;
  // Inline HTML for readers that show it; escaped once more as the element's text below.
  const content = html`<p><strong>Verdict: ${label(c.verdict)}</strong></p>
${replaced ? html`<p>Corrected: the earlier verdict was ${label(replaced.verdict)}${replaced.reason ? html` (reopened because: ${replaced.reason})` : ''}.</p>` : ''}
<p>${c.text}</p>
${c.verdictRationale ? html`<p>${c.verdictRationale}</p>` : ''}
<p><a href="${url}">Read the fact check</a></p>`;
  return html`<entry>
<id>${entryId(site.baseUrl, p)}</id>
<title type="text">${title}</title>
<link rel="alternate" type="text/html" href="${url}"/>
<published>${iso(c.publishedAt!)}</published>
<updated>${iso(c.publishedAt!)}</updated>
${(c.topics ?? []).map((t) => html`<category term="${t.slug}" label="${t.name}"/>`)}
<summary type="text">${shorten(c.verdictRationale ?? c.text, 300)}</summary>
<content type="html">${content.text}</content>
</entry>
`;
}

/** The feed document; its `updated` is the latest publication (the epoch when nothing is published yet). */
export function atomFeed(site: Site, claims: PublishedClaim[]): string {
  const latest = claims.reduce((max, p) => Math.max(max, new Date(p.claim.publishedAt!).getTime()), 0);
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${site.baseUrl}${PUBLIC_PATHS.feed}</id>
<title type="text">${site.name}: new verdicts and corrections</title>
<updated>${new Date(latest).toISOString()}</updated>
<link rel="self" type="application/atom+xml" href="${site.baseUrl}${PUBLIC_PATHS.feed}"/>
<link rel="alternate" type="text/html" href="${site.baseUrl}${PUBLIC_PATHS.index}"/>
<author><name>${site.name}</name><uri>${site.baseUrl}${PUBLIC_PATHS.index}</uri></author>
<generator>ClaimLedger</generator>
${claims.map((p) => entry(site, p))}</feed>
`.text;
}
