import { createHash } from 'node:crypto';
import { html, trusted, type Interpolation, type Markup } from './html';
import { PUBLIC_PATHS } from './addresses';

/**
 * The frame every public page shares: head (meta, canonical, social cards, the stylesheet),
 * header with the site's name, footer with the machine-readable addresses, and the
 * Content-Security-Policy it is sent with. One small stylesheet inline (no second request before
 * the first paint), allowed by its hash: no script runs on these pages at all.
 */

// System fonts, one column, no layout that a long word or a narrow screen (320 px) can break:
// every block wraps anywhere rather than overflow; colours for light and dark (prefers-color-scheme)
// with text contrast of at least 4.5:1 (WCAG 2.2 AA) in both.
const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#4a4a4a;--line:#c8c8c8;--link:#0b57a4;--note:#fff4d6;--note-line:#8a5a00;--true:#0a6b2e;--false:#a1141e;--mixed:#6b4e00}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#bdbdbd;--line:#5a5a5a;--link:#8cc4ff;--note:#3a2e0c;--note-line:#e0b34d;--true:#7ddc9b;--false:#ff9b9b;--mixed:#f0cf6a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-100vw;top:0;padding:.5rem 1rem;background:var(--bg)}
.skip:focus{left:0}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
header p{margin:0;font-weight:600}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9375rem}
h1{font-size:1.5rem;line-height:1.3;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
h3{font-size:1rem;margin:0}
.kicker,.meta{color:var(--muted);margin:0;font-size:.9375rem}
dl{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.25rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0}
@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.5rem}}
blockquote{margin:.5rem 0;padding-left:.75rem;border-inline-start:3px solid var(--line)}
.verdict{display:inline-block;font-size:1.25rem;font-weight:700;padding:.1rem .6rem;border:2px solid currentColor;border-radius:.3rem;margin:0 0 .5rem}
.v-TRUE,.v-MOSTLY_TRUE{color:var(--true)}.v-FALSE,.v-MOSTLY_FALSE,.v-MISLEADING{color:var(--false)}.v-MIXED,.v-UNPROVEN,.v-NOT_CHECKABLE{color:var(--mixed)}
.prose p{white-space:pre-line}
.notice{background:var(--note);border-inline-start:4px solid var(--note-line);padding:.5rem .75rem;margin:1rem 0}
.notice h2{margin:0 0 .25rem;font-size:1.05rem}
ol.plain{list-style:none;padding:0;margin:0}
ol.plain>li{border-top:1px solid var(--line);padding:.75rem 0}
ol.plain h2{margin:0 0 .5rem;font-size:1.15rem}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
input[type=search]{flex:1 1 12rem;min-width:0;font:inherit;padding:.4rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted)}
button{font:inherit;padding:.4rem 1rem}
`.trim();

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * The policy the public pages go out with: nothing but our own stylesheet (by hash) and our own
 * images; no script (the JSON-LD block is data, never executed), no plugins, no <base>, no
 * framing; forms submit only to us (the index's search).
 */
export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageFrame {
  /** The publisher's name, shown as the site's name. */
  site: string;
  /** The public base address (PUBLIC_BASE_URL), for absolute canonical and card addresses. */
  baseUrl: string;
  title: string;
  description: string;
  /** The page's own address (path), made absolute for rel=canonical and og:url; none for an error page (not indexed). */
  path: string | null;
  /** OpenGraph type: `article` for a fact check, `website` for the index. */
  type: 'article' | 'website';
  /** More <head> content (article times, the JSON-LD block). */
  head?: Interpolation;
  body: Markup;
}

/** A whole page. */
export function page(f: PageFrame): Markup {
  const url = f.path === null ? null : f.baseUrl + f.path;
  return html`<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${f.title}</title>
<meta name="description" content="${f.description}">
<meta name="color-scheme" content="light dark">
${url ? html`<link rel="canonical" href="${url}">` : html`<meta name="robots" content="noindex">`}
<link rel="alternate" type="application/atom+xml" title="${f.site}: new verdicts and corrections" href="${f.baseUrl}${PUBLIC_PATHS.feed}">
<meta property="og:type" content="${f.type}">
<meta property="og:site_name" content="${f.site}">
<meta property="og:title" content="${f.title}">
<meta property="og:description" content="${f.description}">
${url ? html`<meta property="og:url" content="${url}">` : ''}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${f.title}">
<meta name="twitter:description" content="${f.description}">
${f.head}
<style>${trusted(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p><a href="${PUBLIC_PATHS.index}">${f.site}</a></p></header>
<main id="main">
${f.body}
</main>
<footer><p>Every verdict: <a href="${PUBLIC_PATHS.index}">all fact checks</a>. Subscribe: <a href="${PUBLIC_PATHS.feed}">Atom feed of new verdicts and corrections</a>.</p></footer>
</body>
</html>
`;
}

const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** A date or instant as a <time> element: the day in words, the machine-readable value in `datetime`. */
export function time(value: Date | string): Markup {
  const d = new Date(value);
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return html`<time datetime="${day ? value : d.toISOString()}">${DAY.format(d)}</time>`;
}
