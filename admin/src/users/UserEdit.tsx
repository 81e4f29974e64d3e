import { BooleanInput, Create, Edit, PasswordInput, SelectInput, SimpleForm, TextInput, email, minLength, required, useRecordContext } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { UserText } from '../common/userText';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { ROLES, choices, termLabel } from '../vocabulary';
import { useNotifyText } from '../common/notify';

const UserTitle = () => {
  const t = useT();
  const name = useRecordContext()?.displayName;
  return <span>{name ? <UserText>{name}</UserText> : termLabel(t, 'history_entity', 'USER')}</span>;
};

/** Admins manage accounts; deactivating one or changing its password ends its sessions at once. Each user picks their own language. */
export const UserEdit = () => {
  const t = useT();
  return (
    <Edit mutationMode="pessimistic" redirect="list" title={<UserTitle />}>
      <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave redirectTo="list" />} sx={{ maxWidth: 600 }}>
        <TextInput source="displayName" label={t('app.field.displayName')} validate={required()} inputProps={{ dir: 'auto' }} />
        <TextInput source="email" label={t('app.field.email')} validate={[required(), email()]} />
        <SelectInput source="role" label={t('app.field.role')} choices={choices('role', ROLES)} validate={required()} />
        <BooleanInput source="active" label={t('app.users.active')} />
        <PasswordInput source="password" label={t('app.users.new_password')} helperText={t('app.users.new_password_help')} validate={minLength(12)} />
      </SimpleForm>
    </Edit>
  );
};

export const UserCreate = () => {
  const t = useT();
  const notify = useNotifyText();
  return (
    <Create redirect="list" title={t('app.users.new')} mutationOptions={{ onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ role: 'FACT_CHECKER' }} warnWhenUnsavedChanges sx={{ maxWidth: 600 }}>
        <TextInput source="displayName" label={t('app.field.displayName')} validate={required()} inputProps={{ dir: 'auto' }} />
        <TextInput source="email" label={t('app.field.email')} validate={[required(), email()]} />
        <SelectInput source="role" label={t('app.field.role')} choices={choices('role', ROLES)} validate={required()} />
        <PasswordInput source="password" label={t('app.field.password')} validate={[required(), minLength(12)]} helperText={t('app.users.password_help')} />
      </SimpleForm>
    </Create>
  );
};
