import type { ElementType, ReactNode } from 'react';

/**
 * Text someone typed (a statement, a quote, a name, a note) is shown in its own direction and
 * language, whatever the interface speaks: `dir="auto"` lets the browser take the direction from
 * the text itself, so a Persian quote reads right to left with its punctuation in place inside an
 * English page (and an English title left to right inside the Arabic one), and `lang` tells
 * screen readers, hyphenation and quotation marks which language it is. The language is the
 * claim's (`Claim.language`) for the claim's own words (statement, quote, context); what the
 * newsroom or a source wrote about it (rationale, notes, excerpts, reasons) and names and titles
 * have no recorded language, and get the direction only.
 */
export const userText = (lang?: string | null) => ({ dir: 'auto' as const, ...(lang ? { lang } : {}) });

/** Inline user text: a <bdi>, which also keeps it from reordering the words around it. */
export function UserText({ children, lang, component: Component = 'bdi' }: { children: ReactNode; lang?: string | null; component?: ElementType }) {
  return <Component {...userText(lang)}>{children}</Component>;
}
