import { useLayoutEffect, useRef } from 'react';
import { shortenText } from '@domain/shortText';
import { userText } from './userText';
import { VisuallyHidden } from './VisuallyHidden';

/** The nearest box that clips `el` (the app bar's title, which lets nothing wrap or overflow). */
function clippingBox(el: HTMLElement): HTMLElement | null {
  for (let box = el.parentElement; box; box = box.parentElement) if (getComputedStyle(box).overflowX !== 'visible') return box;
  return null;
}

/**
 * Someone's text, on one line, shortened (@domain/shortText, between words of `lang`) to the
 * longest cut of at most `max` characters that fits the box clipping it, so the browser's own
 * ellipsis never cuts a word. Screen readers read the whole text (a visually hidden copy; the cut
 * one is hidden from them), as do the tab's title (DocumentTitle skips what is aria-hidden).
 */
export function ShortenedToFit({ text, lang, max }: { text: string; lang?: string | null; max: number }) {
  const shown = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const span = shown.current;
    const box = span && clippingBox(span);
    if (!span) return;
    // The span has no React children: its text is set here only, so React never meets a node it did not make.
    const show = (n: number) => {
      span.textContent = shortenText(text, n, lang);
      return !box || box.scrollWidth <= box.clientWidth;
    };
    const fit = () => {
      if (show(max)) return;
      // The longest cut that fits (a longer limit never gives a shorter text): binary search.
      let [fits, tooLong] = [0, max];
      while (tooLong - fits > 1) {
        const mid = Math.floor((fits + tooLong) / 2);
        if (show(mid)) fits = mid;
        else tooLong = mid;
      }
      show(Math.max(fits, 1));
    };
    fit();
    if (!box) return;
    // Again when the room changes (a turned phone, zoom, the menu's button): in the next frame, so
    // that a size this changes is not reported again within the same observation.
    let frame = 0;
    let live = true;
    const refit = () => {
      cancelAnimationFrame(frame);
      if (live) frame = requestAnimationFrame(fit);
    };
    const observer = new ResizeObserver(refit);
    observer.observe(box);
    // Text measured in a fallback font is measured again once the page's fonts are in.
    void document.fonts?.ready.then(refit);
    return () => {
      live = false;
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [text, lang, max]);
  return (
    <>
      <VisuallyHidden {...userText(lang)}>{text}</VisuallyHidden>
      <bdi ref={shown} aria-hidden="true" {...userText(lang)} />
    </>
  );
}
