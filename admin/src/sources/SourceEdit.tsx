import { Create, DateInput, Edit, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { ConflictAwareSave } from '../common/ConflictAwareSave';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { SourceTitle } from './SourceShow';
import { sourceKinds } from './kinds';
import { SimilarSources } from './SimilarSources';
import { useNotifyText } from '../common/notify';

/** Titles and names are typed in any script: each box takes its direction from what is typed. */
const typed = { dir: 'auto' } as const;

const SourceInputs = () => {
  const t = useT();
  return (
    <>
      <TextInput source="title" label={t('app.field.title')} validate={required()} inputProps={typed} />
      <TextInput source="url" label={t('app.field.url')} type="url" helperText={t('app.sources.url_help')} />
      <TextInput source="publisher" label={t('app.field.publisher')} inputProps={typed} />
      <TextInput source="author" label={t('app.field.author')} inputProps={typed} />
      <DateInput source="publishedOn" label={t('app.field.publishedOn')} />
      <SelectInput source="kind" label={t('app.field.kind')} choices={sourceKinds} />
    </>
  );
};

export const SourceEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<SourceTitle />}>
    <SimpleForm resetOptions={{ keepDirtyValues: true }} warnWhenUnsavedChanges toolbar={<ConflictAwareSave />} sx={{ maxWidth: 720 }}>
      <SourceInputs />
    </SimpleForm>
  </Edit>
);

export const SourceCreate = () => {
  const t = useT();
  const notify = useNotifyText();
  return (
    <Create redirect="show" title={t('app.sources.new')} mutationOptions={{ onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }) }}>
      <SimpleForm defaultValues={{ kind: 'ARTICLE' }} warnWhenUnsavedChanges sx={{ maxWidth: 720 }}>
        <SourceInputs />
        <SimilarSources />
      </SimpleForm>
    </Create>
  );
};
