import { Box, Typography } from '@mui/material';
import { directionOf, useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import { fieldLabel } from '../vocabulary';
import { QUIET_FIELDS, useNames, type ShownValue } from './names';
import { userText } from './userText';

type Change = { field: string; from: unknown; to: unknown };

/**
 * Each changed field as "Label: before → after", the before struck through. Values someone typed
 * keep their own direction, and the record's own text its language (`lang`, the claim's).
 */
export function ChangeList({ changes, showAll = false, lang }: { changes: Change[]; showAll?: boolean; lang?: string | null }) {
  const t = useT();
  const name = useNames(changes, lang);
  const shown = showAll ? changes : changes.filter((c) => !QUIET_FIELDS.has(c.field));
  if (!shown.length) return null;
  const value = (v: ShownValue, sx?: object) => (
    <Box component={v.typed ? 'bdi' : 'span'} {...(v.typed ? userText(v.ownText ? lang : null) : {})} sx={sx}>
      {v.text}
    </Box>
  );
  return (
    <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }} aria-label={t('app.history.changed_fields')}>
      {shown.map((c) => (
        <Typography component="li" variant="body2" key={c.field} data-field={c.field} sx={{ wordBreak: 'break-word' }}>
          <Parts
            message={t('app.history.change')}
            parts={{
              field: <strong>{fieldLabel(t, c.field)}</strong>,
              change: (
                <>
                  {c.from !== null && c.from !== undefined && (
                    <>
                      {value(name(c.field, c.from), { color: 'text.secondary', textDecoration: 'line-through' })}{' '}
                      {/* Before → after, pointing the way the page reads. */}
                      {directionOf(t.locale) === 'rtl' ? '←' : '→'}{' '}
                    </>
                  )}
                  {value(name(c.field, c.to))}
                </>
              ),
            }}
          />
        </Typography>
      ))}
    </Box>
  );
}
