import { BooleanInput, Create, Edit, PasswordInput, SelectInput, SimpleForm, TextInput, email, minLength, required, useNotify, useRecordContext } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { errorMessage } from '../dataProvider/errors';
import { ROLE, choices } from '../vocabulary';

const UserTitle = () => <span>{useRecordContext()?.displayName ?? 'User'}</span>;

/** Admins manage accounts; deactivating one or changing its password ends its sessions at once. */
export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" title={<UserTitle />}>
    <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave redirectTo="list" />} sx={{ maxWidth: 600 }}>
      <TextInput source="displayName" label="Name" validate={required()} />
      <TextInput source="email" label="E-mail" validate={[required(), email()]} />
      <SelectInput source="role" choices={choices(ROLE)} validate={required()} />
      <BooleanInput source="active" label="Active (off: the account can no longer log in)" />
      <PasswordInput source="password" label="New password" helperText="Leave empty to keep the current one; at least 12 characters" validate={minLength(12)} />
    </SimpleForm>
  </Edit>
);

export const UserCreate = () => {
  const notify = useNotify();
  return (
    <Create redirect="list" title="New user" mutationOptions={{ onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ role: 'FACT_CHECKER' }} warnWhenUnsavedChanges sx={{ maxWidth: 600 }}>
        <TextInput source="displayName" label="Name" validate={required()} />
        <TextInput source="email" label="E-mail" validate={[required(), email()]} />
        <SelectInput source="role" choices={choices(ROLE)} validate={required()} />
        <PasswordInput source="password" label="Password" validate={[required(), minLength(12)]} helperText="At least 12 characters" />
      </SimpleForm>
    </Create>
  );
};
