import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { useEffect, type ReactNode } from 'react';
import { useStore } from 'react-admin';
import { prefixer } from 'stylis';
import rtlPlugin from 'stylis-plugin-rtl';
import { pageStyleNonce } from '../cspNonce';
import { directionOf } from '../i18n';

/**
 * Right-to-left languages (Arabic) mirror the whole app: `<html dir="rtl" lang="ar">` for the
 * browser (text, scroll bars, form controls, screen readers), MUI's theme direction for its
 * components' logic (menus, sliders, pagination arrows), and an emotion cache whose stylis plugin
 * flips every left and right in the generated CSS (margins, paddings, borders, positions), which
 * MUI's and react-admin's styles are written with. Text someone typed keeps its own direction
 * (dir="auto", common/userText.tsx). Both caches give their <style> elements the page's nonce, so the
 * Content-Security-Policy lets them apply.
 */
const nonce = pageStyleNonce();
const caches = {
  ltr: createCache({ key: 'css', nonce }),
  rtl: createCache({ key: 'cssrtl', nonce, stylisPlugins: [prefixer, rtlPlugin] }),
};

export function Direction({ initialLocale, children }: { initialLocale: string; children: (direction: 'ltr' | 'rtl') => ReactNode }) {
  // The language react-admin keeps in its store (the same key its useLocaleState reads).
  const [locale = initialLocale] = useStore<string>('locale', initialLocale);
  const direction = directionOf(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = direction;
  }, [locale, direction]);
  return <CacheProvider value={caches[direction]}>{children(direction)}</CacheProvider>;
}
