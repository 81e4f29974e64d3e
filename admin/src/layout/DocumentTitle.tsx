import { useEffect, useRef } from 'react';
import { useLocation } from 'react-admin';

const PRODUCT = 'ClaimLedger';
const TITLE_ID = 'react-admin-title';

/** What a screen reader reads of `el`: its text without what is aria-hidden (a title cut to fit is there whole, hidden). */
function readText(el: HTMLElement | null): string | undefined {
  if (!el) return undefined;
  const copy = el.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent?.replace(/\s+/g, ' ').trim();
}

/**
 * The browser tab says which page is open ("Claims · ClaimLedger"), as screen readers announce
 * on each page change: it follows the title each page puts in the app bar (react-admin's <Title>,
 * rendered into #react-admin-title, the page's h1), so no page has to say it twice. And when a
 * new page leaves focus nowhere (the link that led there went away with the old page), focus
 * moves to that h1, so a keyboard or screen-reader user starts from the new page's name rather
 * than the top of the document.
 */
export function DocumentTitle() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    const follow = () => {
      const shown = readText(document.getElementById(TITLE_ID));
      const title = shown ? `${shown} · ${PRODUCT}` : PRODUCT;
      if (document.title !== title) document.title = title;
    };
    follow();
    const observer = new MutationObserver(follow);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After the new page's own focus (an autoFocus field) has had its turn.
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      const heading = document.getElementById(TITLE_ID);
      heading?.setAttribute('tabindex', '-1');
      heading?.focus({ preventScroll: true });
    }, 0);
    return () => clearTimeout(timer);
  }, [pathname]);
  return null;
}
