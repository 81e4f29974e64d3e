import { SaveButton, Toolbar, useEditContext, useRedirect, type RaRecord } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { errorCode } from '../dataProvider/graphql';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { useShowConflict } from './ConflictDialog';
import { useNotifyText } from './notify';

/**
 * The save toolbar of edit forms (whose SimpleForm sets resetOptions keepDirtyValues). A stale
 * version opens the conflict dialog; its reload refreshes the record, and the form keeps every
 * field the user changed while the others take the new values. After a successful save the form
 * is marked clean first, so the unsaved-changes guard lets the redirect through.
 */
export function ConflictAwareSave({ claimId, redirectTo = 'show' }: { claimId?: string; redirectTo?: 'show' | 'list' }) {
  const { record, refetch, resource } = useEditContext();
  const { reset, getValues } = useFormContext();
  const t = useT();
  const notify = useNotifyText();
  const redirect = useRedirect();
  const showConflict = useShowConflict();
  const onSuccess = (saved: RaRecord) => {
    reset(getValues());
    notify(t('app.common.saved'), { type: 'success' });
    redirect(redirectTo, resource, saved.id);
  };
  const onError = (error: unknown) => {
    if (errorCode(error) === 'CONFLICT') showConflict({ error, claimId, seenVersion: record?.version, onReload: () => refetch() });
    else notify(errorMessage(error, t), { type: 'error', multiLine: true, autoHideDuration: 12000 });
  };
  return (
    <Toolbar>
      <SaveButton mutationOptions={{ onSuccess, onError }} type="button" />
    </Toolbar>
  );
}
