import { Alert } from '@mui/material';
import { Edit, ShowButton, SimpleForm, TopToolbar, useEditContext, useRecordContext } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { shorten } from '../common/format';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import { termLabel } from '../vocabulary';
import { ClaimNoteInputs, ClaimStatementInputs, FormSection } from './ClaimForm';

const EditTitle = () => {
  const t = useT();
  const r = useRecordContext();
  return (
    <span>
      <Parts message={t('app.claim_form.edit_title')} parts={{ text: <UserText lang={r?.language}>{shorten(r?.text, 60, r?.language)}</UserText> }} />
    </span>
  );
};

/**
 * Editing a claim: every field while it is a draft or in review (UPDATE), only the internal note
 * and topics afterwards (ANNOTATE). The save sends only the fields changed, at the version on
 * screen. When someone else saved first, the conflict dialog says who changed what; reloading
 * refreshes the record while `keepDirtyValues` keeps every field this user changed.
 */
export const ClaimEdit = () => {
  const t = useT();
  return (
    <Edit
      mutationMode="pessimistic"
      redirect="show"
      title={<EditTitle />}
      actions={
        <TopToolbar>
          <ShowButton label={t('app.claim_form.back')} />
        </TopToolbar>
      }
    >
      <ClaimEditForm />
    </Edit>
  );
};

function ClaimEditForm() {
  const t = useT();
  const { record } = useEditContext();
  if (!record) return null;
  const actions: string[] = record.nextActions ?? [];
  const full = actions.includes('UPDATE');
  if (!full && !actions.includes('ANNOTATE')) {
    return <Alert severity="info">{t('app.claim_form.cannot_edit', { status: termLabel(t, 'review_status', record.reviewStatus) })}</Alert>;
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
          <FormSection>{t('app.claim_form.what_was_claimed')}</FormSection>
          <ClaimStatementInputs claimId={String(record.id)} />
        </>
      ) : (
        <Alert severity="info" sx={{ width: '100%' }}>
          {t('app.claim_form.frozen')}
        </Alert>
      )}
      <FormSection>{t('app.claim_form.filing')}</FormSection>
      <ClaimNoteInputs />
    </SimpleForm>
  );
}
