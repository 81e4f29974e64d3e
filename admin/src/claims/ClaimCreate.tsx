import { Create, SimpleForm } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { ClaimNoteInputs, ClaimStatementInputs, FormSection } from './ClaimForm';
import { useNotifyText } from '../common/notify';

/**
 * A new claim starts as a draft; possible duplicates show while the statement is typed. Its
 * language starts as the one the newsroom works in (the interface's), which the checker changes
 * for a claim made in another.
 */
export const ClaimCreate = () => {
  const t = useT();
  const notify = useNotifyText();
  return (
    <Create
      title={t('app.claim_form.new_title')}
      redirect="show"
      mutationOptions={{
        onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true, autoHideDuration: 12000 }),
      }}
    >
      <SimpleForm defaultValues={{ language: t.locale, attributionStatus: 'UNVERIFIED', topicNames: [] }} warnWhenUnsavedChanges sx={{ maxWidth: 960 }}>
        <FormSection>{t('app.claim_form.what_was_claimed')}</FormSection>
        <ClaimStatementInputs />
        <FormSection>{t('app.claim_form.filing')}</FormSection>
        <ClaimNoteInputs />
      </SimpleForm>
    </Create>
  );
};
