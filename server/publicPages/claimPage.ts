import { embeddableJson } from '../domain/claimReview';
import type { Correction } from '../domain/claimReplay';
import { VERDICT_LABELS, type AttributionStatus, type DisputeStatus, type Stance, type Verdict } from '../domain/vocabulary';
import type { ClaimRecord, EvidenceRecord } from '../services/claimRows';
import { PUBLIC_PATHS } from './addresses';
import { directionOf, html, safeHref, shorten, trusted, type Markup } from './html';
import { page, time } from './layout';
import type { PublishedClaim } from './reads';

/**
 * The public page of one fact check: the claim, who said it where and when, the verdict and its
 * rationale, the evidence with links, disputes, corrections, and the "correction in progress"
 * notice; for a withdrawn claim, its tombstone. The page chrome is English (<html lang="en">); the
 * claim's own words (statement, quote, context, rationale) carry the claim's language and its
 * direction, and every other user-written text (names, titles, excerpts, reasons) `dir="auto"`,
 * so right-to-left text and stray bidirectional controls stay inside their own element.
 */

export interface Site {
  name: string;
  baseUrl: string;
}

const STANCE: Record<Stance, string> = { SUPPORTS: 'Supports the claim', REFUTES: 'Refutes the claim', CONTEXT: 'Context' };
const ATTRIBUTION: Record<AttributionStatus, string> = {
  VERIFIED: 'Verified: the claimant said it',
  PARAPHRASED: 'Paraphrased: the claimant said it in other words',
  MISATTRIBUTED: 'Misattributed: the claimant did not say it',
  UNVERIFIED: 'Not verified',
};
const DISPUTE: Record<DisputeStatus, string> = {
  NONE: 'Nobody has disputed this verdict.',
  DISPUTED: 'This verdict is disputed: a challenge to it is open, and the editors are considering it.',
  RESOLVED: 'Disputes against this verdict were raised and resolved.',
};

const verdictLabel = (v: unknown) => VERDICT_LABELS[v as Verdict] ?? 'No verdict';

/** Text in the claim's language: `lang` and the language's direction. */
function own(c: ClaimRecord) {
  return { lang: c.language, dir: directionOf(c.language) };
}

/** Prose as paragraphs (blank lines part them; single line breaks stay, by CSS). */
function paragraphs(text: string, lang?: { lang: string; dir: string }): Markup {
  const parts = text.split(/\n\s*\n/).filter((p) => p.trim());
  return html`<div class="prose"${lang ? html` lang="${lang.lang}" dir="${lang.dir}"` : html` dir="auto"`}>${parts.map((p) => html`<p>${p.trim()}</p>`)}</div>`;
}

/** Where a piece of evidence is: its source (linked to the evidence's own address, else the source's), or its bare address. */
function evidenceItem(e: EvidenceRecord): Markup {
  const href = safeHref(e.url) ?? safeHref(e.source?.url);
  const name = e.source?.title ?? (href ? new URL(href).host + new URL(href).pathname : 'Unnamed source');
  const source = e.source;
  const details = [source?.publisher, source?.author].filter((x): x is string => Boolean(x));
  return html`<li>
<h3 dir="auto">${href ? html`<a href="${href}">${name}</a>` : name}</h3>
<p class="meta">${STANCE[e.stance]} · reliability ${e.reliability} of 5${details.length ? html` · <bdi>${details.join(', ')}</bdi>` : ''}${source?.publishedOn ? html` · ${time(source.publishedOn)}` : ''}</p>
${e.excerpt ? html`<blockquote dir="auto">${paragraphs(e.excerpt)}</blockquote>` : ''}
</li>`;
}

function correctionItem(k: Correction): Markup {
  return html`<li>
<h3>Earlier verdict: ${verdictLabel(k.verdict)}</h3>
<p class="meta">Published ${time(k.publishedAt)}, replaced ${k.supersededAt ? time(k.supersededAt) : ''}.</p>
${k.reason ? html`<p>Why it was reopened: <span dir="auto">${k.reason}</span></p>` : ''}
${typeof k.verdictRationale === 'string' && k.verdictRationale ? html`<details><summary>Its rationale</summary>${paragraphs(k.verdictRationale)}</details>` : ''}
</li>`;
}

/** Who said it, where, when and how it was said: the facts list under the statement. */
function facts(c: ClaimRecord): Markup {
  const s = c.firstAppearance;
  const where = s && (safeHref(s.url) ? html`<a href="${safeHref(s.url)!}">${s.title}</a>` : s.title);
  return html`<dl>
<dt>Said by</dt><dd dir="auto">${c.claimant ? html`${c.claimant.name}${c.claimant.title ? html`, ${c.claimant.title}` : ''}` : 'Not attributed'}</dd>
${s ? html`<dt>Where</dt><dd dir="auto">${where}${s.publisher ? html` (<bdi>${s.publisher}</bdi>)` : ''}</dd>` : ''}
${c.claimedOn ? html`<dt>When</dt><dd>${time(c.claimedOn)}</dd>` : ''}
${c.context ? html`<dt>Context</dt><dd lang="${c.language}" dir="${own(c).dir}">${c.context}</dd>` : ''}
<dt>Attribution</dt><dd>${ATTRIBUTION[c.attributionStatus]}</dd>
${c.topics?.length ? html`<dt>Topics</dt><dd dir="auto">${c.topics.map((t) => t.name).join(', ')}</dd>` : ''}
</dl>`;
}

/** The page of a published (or withdrawn) claim. */
export function claimPage(site: Site, p: PublishedClaim): Markup {
  const c = p.claim;
  const lang = own(c);
  const verdict = verdictLabel(c.verdict);
  if (c.withdrawnAt) return tombstone(site, p);
  const title = `${verdict}: ${shorten(c.text, 110, c.language)}`;
  const description = shorten(`${site.name} rated this claim ${verdict}. ${c.verdictRationale ?? ''}`, 200);
  const head = html`<meta property="article:published_time" content="${new Date(c.publishedAt!).toISOString()}">
<link rel="alternate" type="application/ld+json" href="${PUBLIC_PATHS.claimReview(c.id)}">
<script type="application/ld+json">${trusted(embeddableJson(p.review))}</script>`;
  // embeddableJson leaves no <, > or & in the text: nothing in it can close the script element.
  const evidence = c.evidence ?? [];
  const body = html`<article>
<p class="kicker">Fact check · published ${time(c.publishedAt!)}</p>
<h1 lang="${lang.lang}" dir="${lang.dir}">${c.text}</h1>
${c.correctionInProgress ? html`<div class="notice"><h2>Correction in progress</h2><p>The editors have reopened this fact check to correct it. The verdict below stands until the corrected one is published; the change will be listed under Corrections.</p></div>` : ''}
${c.quote ? html`<figure><blockquote lang="${lang.lang}" dir="${lang.dir}">${paragraphs(c.quote, lang)}</blockquote><figcaption>The words as said</figcaption></figure>` : ''}
${facts(c)}
<section aria-labelledby="verdict">
<h2 id="verdict">Verdict</h2>
<p class="verdict v-${String(c.verdict)}">${verdict}</p>
${c.verdictRationale ? paragraphs(c.verdictRationale, lang) : ''}
</section>
<section aria-labelledby="evidence">
<h2 id="evidence">Evidence</h2>
${evidence.length ? html`<ol class="plain">${evidence.map(evidenceItem)}</ol>` : html`<p>No public evidence is listed.</p>`}
</section>
<section aria-labelledby="disputes">
<h2 id="disputes">Disputes</h2>
<p>${DISPUTE[c.disputeStatus]}</p>
</section>
<section aria-labelledby="corrections">
<h2 id="corrections">Corrections</h2>
${p.corrections.length ? html`<ol class="plain">${p.corrections.map(correctionItem)}</ol>` : html`<p>This verdict has not been corrected.</p>`}
</section>
<p class="meta">Machine-readable: <a href="${PUBLIC_PATHS.claimReview(c.id)}">this fact check as ClaimReview (JSON-LD)</a>.</p>
</article>`;
  return page({ site: site.name, baseUrl: site.baseUrl, title, description, path: PUBLIC_PATHS.claim(c.id), type: 'article', head, body });
}

/** A withdrawn claim: what was withdrawn, when and why (answered with 410 Gone). */
function tombstone(site: Site, p: PublishedClaim): Markup {
  const c = p.claim;
  const lang = own(c);
  const title = `Withdrawn: ${shorten(c.text, 110, c.language)}`;
  const body = html`<article>
<p class="kicker">Withdrawn fact check</p>
<h1 lang="${lang.lang}" dir="${lang.dir}">${c.text}</h1>
<div class="notice"><h2>This fact check was withdrawn</h2>
<p>Withdrawn ${time(c.withdrawnAt!)}.${c.withdrawnReason ? html` Why: <span dir="auto">${c.withdrawnReason}</span>` : ''}</p></div>
<dl>
<dt>Verdict withdrawn</dt><dd>${verdictLabel(c.verdict)}</dd>
${c.publishedAt ? html`<dt>First published</dt><dd>${time(c.publishedAt)}</dd>` : ''}
</dl>
</article>`;
  return page({
    site: site.name,
    baseUrl: site.baseUrl,
    title,
    description: shorten(`${site.name} withdrew this fact check. ${c.withdrawnReason ?? ''}`, 200),
    path: PUBLIC_PATHS.claim(c.id),
    type: 'article',
    body,
  });
}

/** What a problem page says in its heading, by status. */
const PROBLEM_HEADINGS = {
  400: 'That request could not be answered',
  404: 'No published fact check here',
  500: 'Something went wrong on our side',
  503: 'The fact checks are unavailable for a moment',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_HEADINGS;

/**
 * The page for an address with no published claim behind it (404), a bad request (400), a database
 * outage (503) and a failure of ours (500): the same frame as every page, not indexed (no canonical
 * address), with `message` as the one thing it says.
 */
export function problemPage(site: Site, status: ProblemStatus, message: string): Markup {
  const heading = PROBLEM_HEADINGS[status];
  return page({
    site: site.name,
    baseUrl: site.baseUrl,
    title: `${heading} — ${site.name}`,
    description: message,
    path: null,
    type: 'website',
    body: html`<h1>${heading}</h1><p dir="auto">${message}</p><p><a href="${PUBLIC_PATHS.index}">Browse all fact checks</a></p>`,
  });
}
