import { Box, Card, CardContent, Typography } from '@mui/material';
import { useRecordContext, type RaRecord } from 'react-admin';
import { VerdictChip } from '../common/chips';
import { formatInstant } from '../common/format';

/** Earlier public verdicts that a correction replaced: corrections are visible, never silent. */
export function CorrectionsList() {
  const claim = useRecordContext();
  const corrections = (claim?.corrections ?? []) as RaRecord[];
  if (!claim || (!corrections.length && !claim.publishedAt)) return null;
  return (
    <Card component="section" aria-labelledby="corrections-title">
      <CardContent>
        <Typography variant="h6" id="corrections-title" gutterBottom>
          Corrections ({corrections.length})
        </Typography>
        {!corrections.length && (
          <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
            The published verdict has never been corrected.
          </Typography>
        )}
        {corrections.map((c, i) => (
          <Box key={i} sx={{ mb: 1.5, pl: 1.5, borderLeft: 3, borderColor: 'warning.main' }}>
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <Typography variant="body2">Earlier verdict</Typography>
              <VerdictChip value={c.verdict} />
            </Box>
            {c.verdictRationale && (
              <Typography variant="body2" color="text.secondary">
                {c.verdictRationale}
              </Typography>
            )}
            <Typography variant="caption" color="text.secondary" component="div">
              Published {formatInstant(c.publishedAt)}, replaced {formatInstant(c.supersededAt)}
              {c.reason ? ` — ${c.reason}` : ''}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}
