import { Box, Typography } from '@mui/material';
import { DateInput, SelectInput, TextArrayInput, TextInput, required, useGetList } from 'react-admin';
import { ClaimantInput, SourceInput } from '../common/CatalogInputs';
import { ATTRIBUTION_STATUS, choices } from '../vocabulary';
import { SimilarClaims } from './SimilarClaims';

/** Topic names already in use, offered while typing; a new name creates a topic. */
function TopicsInput() {
  const { data } = useGetList('topics', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  return <TextArrayInput source="topicNames" label="Topics" options={(data ?? []).map((t) => String(t.name))} helperText="Pick or type; press Enter after each" />;
}

/** The statement and where it was made: the fields of a claim before it is frozen by review. */
export function ClaimStatementInputs({ claimId }: { claimId?: string }) {
  return (
    <>
      <TextInput
        source="text"
        label="Statement"
        validate={required()}
        multiline
        minRows={2}
        helperText="The normalised, checkable statement (not the verbatim words)"
      />
      <SimilarClaims excludeId={claimId} />
      <TextInput source="quote" label="Quote" multiline helperText="The claimant's exact words, if known" />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, width: '100%' }}>
        <ClaimantInput />
        <SourceInput />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' }, width: '100%' }}>
        <DateInput source="claimedOn" label="Claimed on" />
        <TextInput source="context" label="Context" helperText="Where and how it was said, e.g. UN Security Council meeting, New York" />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, width: '100%' }}>
        <SelectInput source="attributionStatus" label="Attribution (was it said?)" choices={choices(ATTRIBUTION_STATUS)} />
        <TextInput source="language" label="Language (BCP 47: en, fr, pt-BR)" />
      </Box>
    </>
  );
}

export function ClaimNoteInputs() {
  return (
    <>
      <TopicsInput />
      <TextInput source="internalNote" label="Internal note" multiline helperText="Newsroom only; never public" />
    </>
  );
}

export const FormSection = ({ children }: { children: string }) => (
  <Typography variant="subtitle2" color="text.secondary" sx={{ mt: 1 }}>
    {children}
  </Typography>
);
