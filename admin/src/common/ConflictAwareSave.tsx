import { SaveButton, Toolbar, useEditContext, useNotify } from 'react-admin';
import { errorCode } from '../dataProvider/graphql';
import { errorMessage } from '../dataProvider/errors';
import { useShowConflict } from './ConflictDialog';

/**
 * The save toolbar of edit forms: a stale version opens the conflict dialog, whose reload
 * refreshes the record while the form (resetOptions keepDirtyValues) keeps what was typed.
 */
export function ConflictAwareSave() {
  const { record, refetch } = useEditContext();
  const notify = useNotify();
  const showConflict = useShowConflict();
  const onError = (error: unknown) => {
    if (errorCode(error) === 'CONFLICT') showConflict({ error, seenVersion: record?.version, onReload: () => refetch() });
    else notify(errorMessage(error), { type: 'error', multiLine: true, autoHideDuration: 12000 });
  };
  return (
    <Toolbar>
      <SaveButton mutationOptions={{ onError }} type="button" />
    </Toolbar>
  );
}
