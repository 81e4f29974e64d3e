import { useListContext } from 'react-admin';
import { ExportButton, type ExportChoice } from '../common/ExportButton';
import { claimExportQuery } from '../dataProvider/mapping';
import { useT } from '../i18n';
import { claimFilterLabel } from './claimFilters';

const EXPORTS: readonly ExportChoice[] = [
  { kind: 'claims', format: 'csv', label: 'app.export.claims_csv' },
  { kind: 'claims', format: 'ndjson', label: 'app.export.claims_ndjson_evidence' },
];

/**
 * The claims list's download of the server's claims export (auditors and admins). The export
 * filters by status and claimant like the list, but knows no search, verdict or claimed-on dates:
 * rather than a file that looks filtered and is not, the button says which filters it follows and
 * names the list's filters it leaves out.
 */
export function ClaimExportMenu() {
  const t = useT();
  const { filterValues } = useListContext();
  const { notApplied } = claimExportQuery(filterValues);
  const filters = notApplied.map((source) => claimFilterLabel(t, source)).join(', ');
  return (
    <ExportButton
      choices={EXPORTS}
      query={() => claimExportQuery(filterValues).query}
      note={filters ? t('app.export.claims_follows_except', { filters }) : t('app.export.claims_follows')}
      tooltip={filters ? t('app.export.claims_tooltip_except', { filters }) : t('app.export.claims_tooltip')}
    />
  );
}
