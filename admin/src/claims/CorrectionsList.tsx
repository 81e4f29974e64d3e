import { Box, Card, CardContent, Typography } from '@mui/material';
import { useRecordContext, type RaRecord } from 'react-admin';
import { VerdictChip } from '../common/chips';
import { useFormats } from '../common/format';
import { userText } from '../common/userText';
import { useT } from '../i18n';

/** Earlier public verdicts that a correction replaced: corrections are visible, never silent. */
export function CorrectionsList() {
  const t = useT();
  const f = useFormats();
  const claim = useRecordContext();
  const corrections = (claim?.corrections ?? []) as RaRecord[];
  if (!claim || (!corrections.length && !claim.publishedAt)) return null;
  return (
    <Card component="section" aria-labelledby="corrections-title">
      <CardContent>
        <Typography variant="h6" component="h3" id="corrections-title" gutterBottom>
          {t('app.corrections.title', { count: corrections.length })}
        </Typography>
        {!corrections.length && (
          <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
            {t('app.corrections.never')}
          </Typography>
        )}
        {corrections.map((c, i) => (
          <Box key={i} sx={{ mb: 1.5, paddingInlineStart: 1.5, borderInlineStart: (theme) => `3px solid ${theme.palette.warning.main}` }}>
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <Typography variant="body2">{t('app.corrections.earlier')}</Typography>
              <VerdictChip value={c.verdict} />
            </Box>
            {c.verdictRationale && (
              <Typography variant="body2" color="text.secondary" {...userText()}>
                {c.verdictRationale}
              </Typography>
            )}
            <Typography variant="caption" color="text.secondary" component="div">
              {t('app.corrections.published_replaced', { published: f.instant(c.publishedAt), replaced: f.instant(c.supersededAt) })}
              {c.reason ? (
                <>
                  {' — '}
                  <bdi {...userText()}>{c.reason}</bdi>
                </>
              ) : null}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}
