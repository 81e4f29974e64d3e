import { useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '../common/format';

/** Twelve ISO weeks, Monday first: claims recorded next to verdicts published. Drawn at once (no animation): a desk reads numbers, and screenshots show them. */
export function WeeklyChart({ weeks }: { weeks: { weekStart: string; created: number; published: number }[] }) {
  const theme = useTheme();
  const data = weeks.map((w) => ({ ...w, label: formatDay(w.weekStart).replace(/ \d{4}$/, '') }));
  return (
    <div role="img" aria-label={`Claims per week: ${weeks.map((w) => `${w.weekStart} created ${w.created}, published ${w.published}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip labelFormatter={(_, p) => (p?.[0] ? `Week of ${formatDay((p[0].payload as { weekStart: string }).weekStart)}` : '')} />
          <Legend />
          <Bar dataKey="created" name="Created" fill={theme.palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="published" name="Published" fill={theme.palette.success.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
