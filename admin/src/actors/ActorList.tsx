import { DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { RowLink } from '../common/tables';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';
import { actorKinds } from './kinds';

/** Actors by name; the search also matches aliases ("Ri Hong Yo" finds Ri Yong Ho). */
export const ActorList = () => {
  const t = useT();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={t('app.actors.search')} />,
        <SelectArrayInput key="kind" source="kind" choices={actorKinds} label={t('app.field.kind')} alwaysOn sx={{ minWidth: 160 }} />,
      ]}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
      exporter={false}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" label={t('app.field.name')} render={(r) => (
            <RowLink to={`/actors/${r.id}/show`}>
              <UserText>{r.name}</UserText>
            </RowLink>
          )}
        />
        <DataTable.Col source="kind" label={t('app.field.kind')} disableSort render={(r) => termLabel(t, 'actor_kind', r.kind)} />
        <DataTable.Col source="title" label={t('app.field.title')} disableSort render={(r) => (r.title ? <UserText>{r.title}</UserText> : null)} />
        <DataTable.Col source="country" label={t('app.field.country')} disableSort />
        <DataTable.Col source="aliases" label={t('app.field.aliases')} disableSort render={(r) => <UserText>{(r.aliases ?? []).join('; ')}</UserText>} />
      </DataTable>
    </List>
  );
};
