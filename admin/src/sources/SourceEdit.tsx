import { Create, DateInput, Edit, SelectInput, SimpleForm, TextInput, required, useNotify } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { errorMessage } from '../dataProvider/errors';
import { SourceTitle } from './SourceShow';
import { sourceKinds } from './kinds';

const SourceInputs = () => (
  <>
    <TextInput source="title" validate={required()} />
    <TextInput source="url" label="URL" type="url" helperText="Unique: a URL already catalogued is refused" />
    <TextInput source="publisher" />
    <TextInput source="author" />
    <DateInput source="publishedOn" label="Published on" />
    <SelectInput source="kind" choices={sourceKinds} />
  </>
);

export const SourceEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<SourceTitle />}>
    <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave />} sx={{ maxWidth: 720 }}>
      <SourceInputs />
    </SimpleForm>
  </Edit>
);

export const SourceCreate = () => {
  const notify = useNotify();
  return (
    <Create redirect="show" title="New source" mutationOptions={{ onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ kind: 'ARTICLE' }} warnWhenUnsavedChanges sx={{ maxWidth: 720 }}>
        <SourceInputs />
      </SimpleForm>
    </Create>
  );
};
