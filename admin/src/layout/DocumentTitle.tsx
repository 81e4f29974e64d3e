import { useEffect } from 'react';

const PRODUCT = 'ClaimLedger';

/**
 * The browser tab says which page is open ("Claims · ClaimLedger"), as screen readers announce
 * on each page change: it follows the title each page puts in the app bar (react-admin's <Title>,
 * rendered into #react-admin-title), so no page has to say it twice.
 */
export function DocumentTitle() {
  useEffect(() => {
    const follow = () => {
      const shown = document.getElementById('react-admin-title')?.textContent?.trim();
      document.title = shown ? `${shown} · ${PRODUCT}` : PRODUCT;
    };
    follow();
    const observer = new MutationObserver(follow);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  return null;
}
