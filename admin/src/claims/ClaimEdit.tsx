import { Alert } from '@mui/material';
import { Edit, ShowButton, SimpleForm, TopToolbar, useEditContext, useRecordContext } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { shorten } from '../common/format';
import { ClaimNoteInputs, ClaimStatementInputs, FormSection } from './ClaimForm';

const EditTitle = () => {
  const r = useRecordContext();
  return <span>Edit: {shorten(r?.text, 60)}</span>;
};

/**
 * Editing a claim: every field while it is a draft or in review (UPDATE), only the internal note
 * and topics afterwards (ANNOTATE). The save sends only the fields changed, at the version on
 * screen. When someone else saved first, the conflict dialog says who changed what; reloading
 * refreshes the record while `keepDirtyValues` keeps every field this user changed.
 */
export const ClaimEdit = () => (
  <Edit
    mutationMode="pessimistic"
    redirect="show"
    title={<EditTitle />}
    actions={
      <TopToolbar>
        <ShowButton label="Back to the claim" />
      </TopToolbar>
    }
  >
    <ClaimEditForm />
  </Edit>
);

function ClaimEditForm() {
  const { record } = useEditContext();
  if (!record) return null;
  const actions: string[] = record.nextActions ?? [];
  const full = actions.includes('UPDATE');
  if (!full && !actions.includes('ANNOTATE')) {
    return <Alert severity="info">This claim cannot be edited now ({String(record.reviewStatus).toLowerCase().replace('_', ' ')}).</Alert>;
  }
  return (
    <SimpleForm
      resetOptions={{ keepDirtyValues: true }}
      warnWhenUnsavedChanges
      sx={{ maxWidth: 960 }}
      toolbar={<ConflictAwareSave claimId={String(record.id)} />}
    >
      {full ? (
        <>
          <FormSection>What was claimed</FormSection>
          <ClaimStatementInputs claimId={String(record.id)} />
        </>
      ) : (
        <Alert severity="info" sx={{ width: '100%' }}>
          The statement, quote and verdict are frozen in this state; only the topics and the internal note can change. To correct the claim, reopen it.
        </Alert>
      )}
      <FormSection>Filing</FormSection>
      <ClaimNoteInputs />
    </SimpleForm>
  );
}
