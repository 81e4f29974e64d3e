import { Card, CardContent, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { EditButton, Link, Show, TopToolbar, useCanAccess, useRecordContext, type RaRecord } from 'react-admin';
import { StanceChip, StatusChip } from '../common/chips';
import { ClaimsOf } from '../common/ClaimsOf';
import { formatDay, shorten } from '../common/format';
import { sourceKindLabel } from './kinds';

export const SourceTitle = () => <span>{shorten(useRecordContext()?.title, 70) || 'Source'}</span>;

const SourceShowActions = () => {
  const { canAccess } = useCanAccess({ resource: 'sources', action: 'edit' });
  return <TopToolbar>{canAccess && <EditButton />}</TopToolbar>;
};

const SourceDetails = () => {
  const s = useRecordContext();
  if (!s) return null;
  const evidence = (s.evidence ?? []) as RaRecord[];
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Typography variant="h5" component="h1">
            {s.title}
          </Typography>
          <Typography color="text.secondary">
            {[sourceKindLabel(s.kind), s.publisher, s.author, formatDay(s.publishedOn)].filter(Boolean).join(' · ')}
          </Typography>
          {s.url && (
            <MuiLink href={s.url} target="_blank" rel="noreferrer noopener" sx={{ wordBreak: 'break-all' }}>
              {s.url}
            </MuiLink>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6">Claims that first appeared here</Typography>
          <ClaimsOf target="firstAppearanceId" />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6">Evidence citing this source ({evidence.length})</Typography>
          {evidence.length === 0 ? (
            <Typography color="text.secondary">Not cited as evidence yet.</Typography>
          ) : (
            <Table size="small" aria-label="Evidence citing this source">
              <TableHead>
                <TableRow>
                  <TableCell>Claim</TableCell>
                  <TableCell>Stance</TableCell>
                  <TableCell>Excerpt</TableCell>
                  <TableCell>Reliability</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {evidence.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>
                      <Link to={`/claims/${e.claim.id}/show`}>{shorten(e.claim.text, 90)}</Link> <StatusChip value={e.claim.reviewStatus} />
                    </TableCell>
                    <TableCell>
                      <StanceChip value={e.stance} />
                    </TableCell>
                    <TableCell>{shorten(e.excerpt, 140)}</TableCell>
                    <TableCell>{e.reliability} / 5</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </Stack>
  );
};

/** One source with the claims that first appeared in it and the evidence that cites it. */
export const SourceShow = () => (
  <Show title={<SourceTitle />} actions={<SourceShowActions />} component="div">
    <SourceDetails />
  </Show>
);
