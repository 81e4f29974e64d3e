import { DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { actorKindLabel, actorKinds } from './kinds';

/** Actors by name; the search also matches aliases ("Ri Hong Yo" finds Ri Yong Ho). */
export const ActorList = () => (
  <List
    filters={[
      <SearchInput key="q" source="q" alwaysOn placeholder="Name or alias" />,
      <SelectArrayInput key="kind" source="kind" choices={actorKinds} label="Kind" alwaysOn sx={{ minWidth: 160 }} />,
    ]}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    title="Actors"
    // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" label="Name" />
      <DataTable.Col source="kind" label="Kind" disableSort render={(r) => actorKindLabel(r.kind)} />
      <DataTable.Col source="title" label="Title" disableSort />
      <DataTable.Col source="country" label="Country" disableSort />
      <DataTable.Col source="aliases" label="Aliases" disableSort render={(r) => (r.aliases ?? []).join('; ')} />
    </DataTable>
  </List>
);
