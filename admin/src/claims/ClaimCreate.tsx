import { Create, SimpleForm, useNotify } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';
import { ClaimNoteInputs, ClaimStatementInputs, FormSection } from './ClaimForm';

/** A new claim starts as a draft; possible duplicates show while the statement is typed. */
export const ClaimCreate = () => {
  const notify = useNotify();
  return (
    <Create
      title="New claim"
      redirect="show"
      mutationOptions={{
        onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true, autoHideDuration: 12000 }),
      }}
    >
      <SimpleForm defaultValues={{ language: 'en', attributionStatus: 'UNVERIFIED', topicNames: [] }} warnWhenUnsavedChanges sx={{ maxWidth: 960 }}>
        <FormSection>What was claimed</FormSection>
        <ClaimStatementInputs />
        <FormSection>Filing</FormSection>
        <ClaimNoteInputs />
      </SimpleForm>
    </Create>
  );
};
