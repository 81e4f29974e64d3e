import { Box, Typography } from '@mui/material';
import { DateInput, SelectInput, TextArrayInput, TextInput, required, useGetList } from 'react-admin';
import { ClaimantInput, SourceInput } from '../common/CatalogInputs';
import { useT } from '../i18n';
import { ATTRIBUTION_STATUSES, choices } from '../vocabulary';
import { SimilarClaims } from './SimilarClaims';

/** What people type keeps its own direction, whatever the interface's (a Persian quote in a French newsroom). */
const typed = { dir: 'auto' } as const;

/** Topic names already in use, offered while typing; a new name creates a topic. */
function TopicsInput() {
  const t = useT();
  const { data } = useGetList('topics', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  return <TextArrayInput source="topicNames" label={t('app.field.topics')} options={(data ?? []).map((topic) => String(topic.name))} helperText={t('app.claim_form.topics_help')} />;
}

/** The statement and where it was made: the fields of a claim before it is frozen by review. */
export function ClaimStatementInputs({ claimId }: { claimId?: string }) {
  const t = useT();
  return (
    <>
      <TextInput
        source="text"
        label={t('app.field.text')}
        validate={required()}
        multiline
        minRows={2}
        helperText={t('app.claim_form.statement_help')}
        inputProps={typed}
      />
      <SimilarClaims excludeId={claimId} />
      <TextInput source="quote" label={t('app.field.quote')} multiline helperText={t('app.claim_form.quote_help')} inputProps={typed} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, width: '100%' }}>
        <ClaimantInput />
        <SourceInput />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' }, width: '100%' }}>
        <DateInput source="claimedOn" label={t('app.field.claimedOn')} />
        <TextInput source="context" label={t('app.field.context')} helperText={t('app.claim_form.context_help')} inputProps={typed} />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, width: '100%' }}>
        <SelectInput source="attributionStatus" label={t('app.claim_form.attribution')} choices={choices('attribution_status', ATTRIBUTION_STATUSES)} />
        <TextInput source="language" label={t('app.claim_form.language')} />
      </Box>
    </>
  );
}

export function ClaimNoteInputs() {
  const t = useT();
  return (
    <>
      <TopicsInput />
      <TextInput source="internalNote" label={t('app.field.internalNote')} multiline helperText={t('app.claim_form.internal_note_help')} inputProps={typed} />
    </>
  );
}

export const FormSection = ({ children }: { children: string }) => (
  <Typography variant="subtitle2" component="h2" color="text.secondary" sx={{ mt: 1 }}>
    {children}
  </Typography>
);
