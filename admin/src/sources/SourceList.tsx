import { DataTable, List, SearchInput, SelectArrayInput } from 'react-admin';
import { useFormats } from '../common/format';
import { RowLink } from '../common/tables';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';
import { sourceKinds } from './kinds';

export const SourceList = () => {
  const t = useT();
  const f = useFormats();
  return (
    <List
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={t('app.sources.search')} />,
        <SelectArrayInput key="kind" source="kind" choices={sourceKinds} label={t('app.field.kind')} alwaysOn sx={{ minWidth: 160 }} />,
      ]}
      sort={{ field: 'title', order: 'ASC' }}
      perPage={25}
      // The API pages at most 100 rows; exports of whole tables are the server's /export routes.
      exporter={false}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="title" label={t('app.field.title')} render={(r) => (
            <RowLink to={`/sources/${r.id}/show`}>
              <UserText>{r.title}</UserText>
            </RowLink>
          )}
        />
        <DataTable.Col source="kind" label={t('app.field.kind')} disableSort render={(r) => termLabel(t, 'source_kind', r.kind)} />
        <DataTable.Col source="publisher" label={t('app.field.publisher')} disableSort render={(r) => (r.publisher ? <UserText>{r.publisher}</UserText> : null)} />
        <DataTable.Col source="publishedOn" label={t('app.sources.published')} render={(r) => f.day(r.publishedOn)} />
        <DataTable.Col source="createdAt" label={t('app.sources.catalogued')} render={(r) => f.day(r.createdAt)} />
      </DataTable>
    </List>
  );
};
