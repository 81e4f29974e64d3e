import { Create, Edit, SelectInput, SimpleForm, TextArrayInput, TextInput, required, useNotify } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { errorMessage } from '../dataProvider/errors';
import { ActorTitle } from './ActorShow';
import { actorKinds } from './kinds';

const ActorInputs = () => (
  <>
    <TextInput source="name" validate={required()} />
    <SelectInput source="kind" choices={actorKinds} validate={required()} />
    <TextInput source="title" label="Title or office" helperText="e.g. US Secretary of State (2018–2021)" />
    <TextInput source="country" label="Country (ISO 3166, 2 letters)" />
    <TextArrayInput source="aliases" label="Aliases" helperText="Other spellings found in sources; press Enter after each" />
    <TextInput source="wikidataId" label="Wikidata id" helperText="e.g. Q473239" />
  </>
);

export const ActorEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<ActorTitle />}>
    <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave />} sx={{ maxWidth: 720 }}>
      <ActorInputs />
    </SimpleForm>
  </Edit>
);

export const ActorCreate = () => {
  const notify = useNotify();
  return (
    <Create redirect="show" title="New actor" mutationOptions={{ onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ kind: 'PERSON', aliases: [] }} warnWhenUnsavedChanges sx={{ maxWidth: 720 }}>
        <ActorInputs />
      </SimpleForm>
    </Create>
  );
};
