import { Card, CardContent, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { EditButton, Link, Pagination, ReferenceManyField, Show, TopToolbar, useCanAccess, useListContext, useRecordContext } from 'react-admin';
import { StanceChip, StatusChip } from '../common/chips';
import { ClaimsOf } from '../common/ClaimsOf';
import { MergeIntoButton } from '../common/MergeIntoButton';
import { shorten, useFormats } from '../common/format';
import { UserText, userText } from '../common/userText';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';

export const SourceTitle = () => {
  const t = useT();
  const title = useRecordContext()?.title;
  return <span>{title ? <UserText>{shorten(title, 70)}</UserText> : termLabel(t, 'history_entity', 'SOURCE')}</span>;
};

const SourceShowActions = () => {
  const { canAccess } = useCanAccess({ resource: 'sources', action: 'edit' });
  return (
    <TopToolbar>
      {canAccess && <EditButton />}
      <MergeIntoButton resource="sources" />
    </TopToolbar>
  );
};

const SourceDetails = () => {
  const t = useT();
  const f = useFormats();
  const s = useRecordContext();
  if (!s) return null;
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Typography variant="h5" component="h2" {...userText()}>
            {s.title}
          </Typography>
          <Typography color="text.secondary">
            {termLabel(t, 'source_kind', s.kind)}
            {[s.publisher, s.author].filter(Boolean).map((name: string) => (
              <span key={name}>
                {' · '}
                <UserText>{name}</UserText>
              </span>
            ))}
            {s.publishedOn ? ` · ${f.day(s.publishedOn)}` : ''}
          </Typography>
          {s.url && (
            <MuiLink href={s.url} target="_blank" rel="noreferrer noopener" dir="ltr" sx={{ wordBreak: 'break-all' }}>
              {s.url}
            </MuiLink>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h3">{t('app.sources.claims_here')}</Typography>
          <ClaimsOf target="firstAppearanceId" />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <ReferenceManyField reference="evidence" target="sourceId" perPage={10} pagination={<Pagination rowsPerPageOptions={[10, 25]} />}>
            <Citations />
          </ReferenceManyField>
        </CardContent>
      </Card>
    </Stack>
  );
};

/** The evidence citing the source, newest first, a page at a time (its count is of all pages). */
function Citations() {
  const t = useT();
  const f = useFormats();
  const { data: evidence = [], total, isPending } = useListContext();
  if (isPending) return null;
  const heading = t('app.sources.evidence_citing', { count: f.number(total ?? evidence.length) });
  return (
    <>
      <Typography variant="h6" component="h3">{heading}</Typography>
      {evidence.length === 0 ? (
        <Typography color="text.secondary">{t('app.sources.not_cited')}</Typography>
      ) : (
        <Table size="small" aria-label={heading}>
          <TableHead>
            <TableRow>
              <TableCell>{t('app.claim_list.claim')}</TableCell>
              <TableCell>{t('app.field.stance')}</TableCell>
              <TableCell>{t('app.field.excerpt')}</TableCell>
              <TableCell>{t('app.field.reliability')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {evidence.map((e) => (
              <TableRow key={e.id}>
                <TableCell>
                  <Link to={`/claims/${e.claim.id}/show`}>
                    <UserText lang={e.claim.language}>{shorten(e.claim.text, 90, e.claim.language)}</UserText>
                  </Link>{' '}
                  <StatusChip value={e.claim.reviewStatus} />
                </TableCell>
                <TableCell>
                  <StanceChip value={e.stance} />
                </TableCell>
                <TableCell>
                  <UserText>{shorten(e.excerpt, 140)}</UserText>
                </TableCell>
                <TableCell>{t('app.common.of_five', { value: f.number(e.reliability) })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/** One source with the claims that first appeared in it and the evidence that cites it. */
export const SourceShow = () => (
  <Show title={<SourceTitle />} actions={<SourceShowActions />} component="div">
    <SourceDetails />
  </Show>
);
