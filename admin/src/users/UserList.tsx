import { BooleanField, DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { useFormats } from '../common/format';
import { RowLink } from '../common/tables';
import { UserText } from '../common/userText';
import { isUiLocale, LANGUAGE_NAMES, useT } from '../i18n';
import { ROLES, choices, termLabel } from '../vocabulary';

export const UserList = () => {
  const t = useT();
  const f = useFormats();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={t('app.users.search')} />,
        <SelectArrayInput key="role" source="role" choices={choices('role', ROLES)} label={t('app.field.role')} alwaysOn sx={{ minWidth: 160 }} />,
      ]}
      sort={{ field: 'displayName', order: 'ASC' }}
      perPage={25}
      // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
      exporter={false}
    >
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="displayName" label={t('app.field.displayName')} render={(u) => (
            <RowLink to={`/users/${u.id}`}>
              <UserText>{u.displayName}</UserText>
            </RowLink>
          )}
        />
        <DataTable.Col source="email" label={t('app.field.email')} />
        <DataTable.Col source="role" label={t('app.field.role')} render={(u) => termLabel(t, 'role', u.role)} />
        <DataTable.Col source="active" label={t('app.field.active')} field={BooleanField} />
        <DataTable.Col source="locale" label={t('app.field.locale')} disableSort render={(u) => (isUiLocale(u.locale) ? LANGUAGE_NAMES[u.locale] : t('app.users.browser_language'))} />
        <DataTable.Col source="createdAt" label={t('app.users.since')} render={(u) => f.instant(u.createdAt)} />
      </DataTable>
    </List>
  );
};
