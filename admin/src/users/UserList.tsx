import { BooleanField, DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { formatInstant } from '../common/format';
import { ROLE, choices, type Role } from '../vocabulary';

export const UserList = () => (
  <List
    filters={[<SearchInput key="q" source="q" alwaysOn placeholder="Name or e-mail" />, <SelectArrayInput key="role" source="role" choices={choices(ROLE)} label="Role" alwaysOn sx={{ minWidth: 160 }} />]}
    sort={{ field: 'displayName', order: 'ASC' }}
    perPage={25}
    title="Users"
    // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
    exporter={false}
  >
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="displayName" label="Name" />
      <DataTable.Col source="email" label="E-mail" />
      <DataTable.Col source="role" label="Role" render={(u) => ROLE[u.role as Role] ?? u.role} />
      <DataTable.Col source="active" label="Active" field={BooleanField} />
      <DataTable.Col source="createdAt" label="Since" render={(u) => formatInstant(u.createdAt)} />
    </DataTable>
  </List>
);
