import { SEARCH_LIMITS } from '../domain/claimRules';
import { VERDICT_LABELS, type Verdict } from '../domain/vocabulary';
import { PUBLIC_PATHS } from './addresses';
import type { Site } from './claimPage';
import { directionOf, html, type Markup } from './html';
import { page, time } from './layout';
import type { ClaimList, PublishedClaim } from './reads';

/**
 * The public index: every published verdict, most recently published first, or the public search's
 * results (most relevant first), a page at a time. Paging is by the list's keyset cursor (a "next
 * page" link carries it), so a page stays right while new verdicts are published.
 */

/** The address of the index for a search and a position (both optional). */
export function indexPath(search: string | null, after: string | null): string {
  const q = new URLSearchParams();
  if (search) q.set('q', search);
  if (after) q.set('after', after);
  const query = q.toString();
  return query ? `${PUBLIC_PATHS.index}?${query}` : PUBLIC_PATHS.index;
}

function item({ claim: c, corrections }: PublishedClaim): Markup {
  const verdict = VERDICT_LABELS[c.verdict as Verdict] ?? 'No verdict';
  const status = [c.correctionInProgress && 'correction in progress', corrections.length > 0 && 'corrected'].filter(Boolean).join(', ');
  return html`<li>
<h2><a href="${PUBLIC_PATHS.claim(c.id)}" lang="${c.language}" dir="${directionOf(c.language)}">${c.text}</a></h2>
<p class="verdict v-${String(c.verdict)}">${verdict}</p>
<p class="meta">${c.claimant ? html`<bdi>${c.claimant.name}</bdi> · ` : ''}published ${time(c.publishedAt!)}${status ? html` · <strong>${status}</strong>` : ''}</p>
</li>`;
}

/** Links to the first and the next page, where there are such pages. */
function pager(search: string | null, after: string | null, list: ClaimList): Markup {
  const links = [
    after && html`<a href="${indexPath(search, null)}">First page</a>`,
    list.hasNextPage && list.endCursor && html`<a href="${indexPath(search, list.endCursor)}" rel="next">Next page</a>`,
  ].filter((l): l is Markup => Boolean(l));
  return links.length ? html`<nav aria-label="Pages"><p>${links.map((l, i) => html`${i ? ' · ' : ''}${l}`)}</p></nav>` : html``;
}

export function indexPage(site: Site, search: string | null, after: string | null, list: ClaimList): Markup {
  const heading = search ? html`Fact checks matching “<bdi>${search}</bdi>”` : html`Fact checks`;
  const title = search ? `Search: ${search} — ${site.name}` : `Fact checks — ${site.name}`;
  const empty = search ? 'No published fact check matches that search.' : 'Nothing has been published yet.';
  const body = html`<h1>${heading}</h1>
<form method="get" action="${PUBLIC_PATHS.index}" role="search">
<label for="q">Search the fact checks</label>
<input type="search" id="q" name="q" value="${search ?? ''}" maxlength="${SEARCH_LIMITS.filter.max}">
<button type="submit">Search</button>
</form>
${list.claims.length ? html`<ol class="plain">${list.claims.map(item)}</ol>` : html`<p>${after ? 'No more fact checks.' : empty}</p>`}
${pager(search, after, list)}`;
  return page({
    site: site.name,
    baseUrl: site.baseUrl,
    title,
    description: `Every verdict ${site.name} has published, with its evidence and corrections.`,
    path: indexPath(search, after),
    type: 'website',
    body,
  });
}
