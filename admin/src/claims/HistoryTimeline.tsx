import HistoryIcon from '@mui/icons-material/History';
import { Box, Card, CardContent, Chip, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link, useRecordContext } from 'react-admin';
import { ChangeList } from '../common/ChangeList';
import { formatPrecise } from '../common/format';
import type { HistoryEventRecord } from '../dataProvider';
import { historyActionLabel } from '../vocabulary';

/**
 * Every change to the claim, its evidence and disputes, newest first: who, when, what, each
 * field before → after and the reason given. Each event links to the claim as it was right after
 * it ("view as of this moment").
 */
export function HistoryTimeline({ asOf }: { asOf?: string }) {
  const claim = useRecordContext();
  if (!claim) return null;
  const events = [...((claim.history ?? []) as HistoryEventRecord[])].reverse();
  return (
    <Card component="section" aria-labelledby="history-title">
      <CardContent>
        <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
          <HistoryIcon color="action" />
          <Typography variant="h6" id="history-title">
            History ({events.length})
          </Typography>
        </Stack>
        <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label="History">
          {events.map((e, i) => {
            const current = asOf ? e.occurredAt === asOf : i === 0;
            return (
              <Box
                component="li"
                key={e.id}
                data-seq={e.seq}
                sx={{
                  position: 'relative',
                  pl: 3,
                  pb: 2,
                  // The line of the timeline, and a dot per event.
                  '&::before': { content: '""', position: 'absolute', left: 7, top: 4, bottom: i === events.length - 1 ? 'auto' : 0, height: i === events.length - 1 ? 12 : 'auto', borderLeft: 2, borderColor: 'divider' },
                  '&::after': {
                    content: '""',
                    position: 'absolute',
                    left: 2,
                    top: 4,
                    width: 12,
                    height: 12,
                    borderRadius: '50%',
                    bgcolor: current ? 'primary.main' : 'background.paper',
                    border: 2,
                    borderColor: 'primary.main',
                  },
                }}
              >
                <Typography variant="body2">
                  <strong>{e.userLabel}</strong> {historyActionLabel(e.action)}
                </Typography>
                <Stack direction="row" spacing={1} alignItems="center" sx={{ flexWrap: 'wrap' }}>
                  <Typography variant="caption" color="text.secondary" component="time" dateTime={e.occurredAt}>
                    #{e.seq} · {formatPrecise(e.occurredAt)} · version {e.version}
                  </Typography>
                  {asOf && e.occurredAt === asOf ? (
                    <Chip size="small" label="Viewing this moment" color="primary" variant="outlined" />
                  ) : (
                    <MuiLink component={Link} to={`/claims/${claim.id}/show?asOf=${encodeURIComponent(e.occurredAt)}`} variant="caption" underline="hover">
                      View as of this moment
                    </MuiLink>
                  )}
                </Stack>
                <ChangeList changes={e.changes} />
                {e.note && (
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                    Reason: {e.note}
                  </Typography>
                )}
              </Box>
            );
          })}
        </Box>
      </CardContent>
    </Card>
  );
}
