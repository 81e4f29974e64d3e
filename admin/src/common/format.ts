/** Dates as a newsroom reads them: "27 Sept 2018", "29 Nov 2026, 10:04". */
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const instant = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const precise = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export const formatDay = (v: unknown): string => (typeof v === 'string' && v ? day.format(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : '');
export const formatInstant = (v: unknown): string => (typeof v === 'string' && v ? instant.format(new Date(v)) : '');
export const formatPrecise = (v: unknown): string => (typeof v === 'string' && v ? precise.format(new Date(v)) : '');

/** A history value in one line: text quoted and shortened, lists joined, nothing as an em dash. */
export function formatValue(v: unknown, max = 140): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(x, max)).join(', ') : '—';
  if (typeof v === 'string') return v.length > max ? `${v.slice(0, max - 1)}…` : v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const shorten = (s: unknown, max = 90): string => {
  const t = typeof s === 'string' ? s : '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
