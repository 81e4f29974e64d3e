/* global document, getComputedStyle */
// Evaluated in the page by keyboard.e2e.test.ts (plain JavaScript: the tests are compiled without
// the DOM's types). How visible the focus is: the contrast between the focused element's focus
// indicator (its outline, or a text field's focused border or underline) and the colour behind
// the element, after alpha blending (WCAG 2.4.7 and 1.4.11 ask for at least 3:1).
(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { what: 'nothing focused', contrast: 0 };
  const parse = (c) => {
    const m = (c.match(/[\d.]+/g) || ['0', '0', '0', '0']).map(Number);
    return [m[0], m[1], m[2], m[3] === undefined ? 1 : m[3]];
  };
  // The solid colour behind `node`: its and its ancestors' backgrounds, blended from the page up.
  const behind = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    let rgb = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
    return rgb;
  };
  const luminance = (rgb) =>
    rgb.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const blend = (c, under) => [0, 1, 2].map((i) => c[i] * c[3] + under[i] * (1 - c[3]));
  const name = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60);
  const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + name + '"';
  const style = getComputedStyle(el);
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
    const bg = behind(el.parentElement);
    return { what, contrast: ratio(blend(parse(style.outlineColor), bg), bg) };
  }
  // A text field: MUI marks its focus with a 2px border (outlined) or underline (filled) in the primary colour.
  const field = el.closest('.MuiInputBase-root');
  if (field) {
    const bg = behind(field.parentElement);
    const notch = field.querySelector('fieldset');
    const border = notch ? getComputedStyle(notch) : getComputedStyle(field, '::after');
    const color = notch ? border.borderTopColor : border.borderBottomColor;
    const width = parseFloat(notch ? border.borderTopWidth : border.borderBottomWidth);
    return { what, contrast: width >= 2 ? ratio(blend(parse(color), bg), bg) : 0 };
  }
  return { what, contrast: 0 };
})();
