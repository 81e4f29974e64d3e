import { Create, Edit, SelectInput, SimpleForm, TextArrayInput, TextInput, required } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { ActorTitle } from './ActorShow';
import { actorKinds } from './kinds';
import { SimilarActors } from './SimilarActors';
import { useNotifyText } from '../common/notify';

/** Names are typed in any script: each box takes its direction from what is typed. */
const typed = { dir: 'auto' } as const;

const ActorInputs = () => {
  const t = useT();
  return (
    <>
      <TextInput source="name" label={t('app.field.name')} validate={required()} inputProps={typed} />
      <SelectInput source="kind" label={t('app.field.kind')} choices={actorKinds} validate={required()} />
      <TextInput source="title" label={t('app.catalog.title_office')} helperText={t('app.actors.title_help')} inputProps={typed} />
      <TextInput source="country" label={t('app.actors.country')} />
      <TextArrayInput source="aliases" label={t('app.field.aliases')} helperText={t('app.actors.aliases_help')} />
      <TextInput source="wikidataId" label={t('app.field.wikidataId')} helperText={t('app.actors.wikidata_help')} />
    </>
  );
};

export const ActorEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<ActorTitle />}>
    <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave />} sx={{ maxWidth: 720 }}>
      <ActorInputs />
    </SimpleForm>
  </Edit>
);

export const ActorCreate = () => {
  const t = useT();
  const notify = useNotifyText();
  return (
    <Create redirect="show" title={t('app.actors.new')} mutationOptions={{ onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ kind: 'PERSON', aliases: [] }} warnWhenUnsavedChanges sx={{ maxWidth: 720 }}>
        <ActorInputs />
        <SimilarActors />
      </SimpleForm>
    </Create>
  );
};
