import { DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { formatDay } from '../common/format';
import { sourceKindLabel, sourceKinds } from './kinds';

export const SourceList = () => (
  <List
    filters={[
      <SearchInput key="q" source="q" alwaysOn placeholder="Title, publisher or URL" />,
      <SelectArrayInput key="kind" source="kind" choices={sourceKinds} label="Kind" alwaysOn sx={{ minWidth: 160 }} />,
    ]}
    sort={{ field: 'title', order: 'ASC' }}
    perPage={25}
    title="Sources"
    // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="title" label="Title" />
      <DataTable.Col source="kind" label="Kind" disableSort render={(r) => sourceKindLabel(r.kind)} />
      <DataTable.Col source="publisher" label="Publisher" disableSort />
      <DataTable.Col source="publishedOn" label="Published" render={(r) => formatDay(r.publishedOn)} />
      <DataTable.Col source="createdAt" label="Catalogued" render={(r) => formatDay(r.createdAt)} />
    </DataTable>
  </List>
);
