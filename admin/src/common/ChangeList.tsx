import { Box, Typography } from '@mui/material';
import { fieldLabel } from '../vocabulary';
import { QUIET_FIELDS, useNames } from './names';

type Change = { field: string; from: unknown; to: unknown };

/** Each changed field as "Label: before → after", the before struck through. */
export function ChangeList({ changes, showAll = false }: { changes: Change[]; showAll?: boolean }) {
  const name = useNames(changes);
  const shown = showAll ? changes : changes.filter((c) => !QUIET_FIELDS.has(c.field));
  if (!shown.length) return null;
  return (
    <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }} aria-label="changed fields">
      {shown.map((c) => (
        <Typography component="li" variant="body2" key={c.field} data-field={c.field} sx={{ wordBreak: 'break-word' }}>
          <strong>{fieldLabel(c.field)}</strong>:{' '}
          {c.from !== null && c.from !== undefined && (
            <>
              <Box component="span" sx={{ color: 'text.secondary', textDecoration: 'line-through' }}>
                {name(c.field, c.from)}
              </Box>{' '}
              →{' '}
            </>
          )}
          <span>{name(c.field, c.to)}</span>
        </Typography>
      ))}
    </Box>
  );
}
