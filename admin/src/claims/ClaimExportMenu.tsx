import { useListContext } from 'react-admin';
import { ExportButton, type ExportChoice } from '../common/ExportButton';
import { claimExportQuery } from '../dataProvider/mapping';
import { claimFilterLabel } from './claimFilters';

const EXPORTS: readonly ExportChoice[] = [
  { kind: 'claims', format: 'csv', label: 'Claims (CSV)' },
  { kind: 'claims', format: 'ndjson', label: 'Claims (NDJSON, with evidence)' },
];

/**
 * The claims list's download of the server's claims export (auditors and admins). The export
 * filters by status and claimant like the list, but knows no search, verdict or claimed-on dates:
 * rather than a file that looks filtered and is not, the button says which filters it follows and
 * names the list's filters it leaves out.
 */
export function ClaimExportMenu() {
  const { filterValues } = useListContext();
  const { notApplied } = claimExportQuery(filterValues);
  const ignored = notApplied.map(claimFilterLabel).join(', ');
  const follows = 'Follows the list’s status and claimant filters';
  return (
    <ExportButton
      choices={EXPORTS}
      query={() => claimExportQuery(filterValues).query}
      note={ignored ? `${follows}; not applied: ${ignored}.` : `${follows}.`}
      tooltip={
        `Downloads every claim matching the list’s status and claimant filters, not just this page. ` +
        `Exports cannot filter by search, verdict, dispute, attribution, topic, assignee or the day a claim was made` +
        (ignored ? `, so these filters are not applied: ${ignored}.` : '.')
      }
    />
  );
}
