import { useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormats } from '../common/format';
import { directionOf, useT } from '../i18n';

/**
 * Twelve ISO weeks, Monday first: claims recorded next to verdicts published. Drawn at once (no
 * animation): a desk reads numbers, and screenshots show them. In a right-to-left language time
 * runs from right to left, the axis on the right, as such readers expect of a chart.
 */
export function WeeklyChart({ weeks }: { weeks: { weekStart: string; created: number; published: number }[] }) {
  const theme = useTheme();
  const t = useT();
  const f = useFormats();
  const rtl = directionOf(t.locale) === 'rtl';
  const withoutYear = (day: string) => f.day(day).replace(/[\s,]*\d{4}$|^\d{4}[\s,]*/u, '');
  const data = weeks.map((w) => ({ ...w, label: withoutYear(w.weekStart) }));
  const summary = weeks.map((w) => t('app.weekly.week', { week: f.day(w.weekStart), created: f.number(w.created), published: f.number(w.published) })).join('; ');
  return (
    <div role="img" aria-label={t('app.weekly.summary', { weeks: summary })}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: rtl ? -16 : 8, left: rtl ? 8 : -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} reversed={rtl} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} orientation={rtl ? 'right' : 'left'} tickFormatter={(v: number) => f.number(v)} />
          <Tooltip
            labelFormatter={(_, p) => (p?.[0] ? t('app.weekly.week_of', { day: f.day((p[0].payload as { weekStart: string }).weekStart) }) : '')}
            formatter={(v) => (typeof v === 'number' ? f.number(v) : v)}
          />
          <Legend />
          <Bar dataKey="created" name={t('app.weekly.created')} fill={theme.palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="published" name={t('app.weekly.published')} fill={theme.palette.success.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
