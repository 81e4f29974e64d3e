import HistoryIcon from '@mui/icons-material/History';
import { Box, Card, CardContent, Chip, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link, useRecordContext } from 'react-admin';
import { ChangeList } from '../common/ChangeList';
import { useFormats } from '../common/format';
import { UserText } from '../common/userText';
import type { HistoryEventRecord } from '../dataProvider';
import { useT } from '../i18n';
import { historyActionLabel } from '../vocabulary';

/**
 * Every change to the claim, its evidence and disputes, newest first: who, when, what, each
 * field before → after and the reason given. Each event links to the claim as it was right after
 * it ("view as of this moment").
 */
export function HistoryTimeline({ asOf }: { asOf?: string }) {
  const t = useT();
  const f = useFormats();
  const claim = useRecordContext();
  if (!claim) return null;
  const events = [...((claim.history ?? []) as HistoryEventRecord[])].reverse();
  return (
    <Card component="section" aria-labelledby="history-title">
      <CardContent>
        <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
          <HistoryIcon color="action" />
          <Typography variant="h6" component="h3" id="history-title">
            {t('app.history.title', { count: events.length })}
          </Typography>
        </Stack>
        <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label={t('app.history.list')}>
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
                  <strong>
                    <UserText>{e.userLabel}</UserText>
                  </strong>{' '}
                  {historyActionLabel(t, e.action)}
                </Typography>
                <Stack direction="row" spacing={1} alignItems="center" sx={{ flexWrap: 'wrap' }}>
                  <Typography variant="caption" color="text.secondary" component="time" dateTime={e.occurredAt}>
                    {t('app.history.event', { seq: e.seq, when: f.precise(e.occurredAt), version: e.version })}
                  </Typography>
                  {asOf && e.occurredAt === asOf ? (
                    <Chip size="small" label={t('app.history.viewing')} color="primary" variant="outlined" />
                  ) : (
                    <MuiLink component={Link} to={`/claims/${claim.id}/show?asOf=${encodeURIComponent(e.occurredAt)}`} variant="caption" underline="hover">
                      {t('app.history.view_as_of')}
                    </MuiLink>
                  )}
                </Stack>
                <ChangeList changes={e.changes} lang={claim.language} />
                {e.note && (
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                    {t('app.common.reason')}: <UserText>{e.note}</UserText>
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
