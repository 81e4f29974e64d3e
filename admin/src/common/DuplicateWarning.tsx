import { Alert, AlertTitle, Box, Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-admin';
import type { CatalogResource, Duplicate } from '../dataProvider/merge';
import { useT } from '../i18n';
import { useFormats } from './format';
import { UserText } from './userText';

/**
 * The create forms' warning that what is being entered may already be catalogued: each likely
 * duplicate, why it matched, and a link to open it in a new tab. Creating anyway stays possible.
 */
export function DuplicateWarning({ resource, duplicates }: { resource: CatalogResource; duplicates: Duplicate[] | undefined }) {
  const t = useT();
  const f = useFormats();
  if (!duplicates?.length) return null;
  return (
    <Alert severity="warning" sx={{ my: 1, width: '100%' }} role="status" aria-label={t('app.merge.duplicates_title')}>
      <AlertTitle>{t('app.merge.duplicates_title')}</AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('app.merge.duplicates_intro')}
      </Typography>
      {duplicates.map(({ record, similarity, matchedOn }) => (
        <Box key={record.id} sx={{ display: 'flex', gap: 1, alignItems: 'baseline', flexWrap: 'wrap', mb: 0.5 }}>
          <MuiLink component={Link} to={`/${resource}/${record.id}/show`} target="_blank" variant="body2">
            <UserText>{String(record.name ?? record.title ?? '')}</UserText>
          </MuiLink>
          <Typography variant="caption" color="text.secondary">
            {t(`app.merge.match.${matchedOn}`, { percent: f.percent(similarity) })}
          </Typography>
        </Box>
      ))}
    </Alert>
  );
}
