import { useListContext } from 'react-admin';
import { ExportButton, type ExportChoice } from '../common/ExportButton';
import { auditFilter } from '../dataProvider/mapping';

const EXPORTS: readonly ExportChoice[] = [
  { kind: 'history', format: 'ndjson', label: 'History (NDJSON, with hashes: verifiable offline)' },
  { kind: 'history', format: 'csv', label: 'History (CSV)' },
  { kind: 'claims', format: 'csv', label: 'Claims (CSV)' },
  { kind: 'claims', format: 'ndjson', label: 'Claims (NDJSON)' },
];

/** The audit log's downloads of the server's exports, for the claim and days chosen in its filters. */
export function ExportMenu() {
  const { filterValues } = useListContext();
  const query = () => {
    const f = auditFilter(filterValues) as { claimId?: string; from?: string; to?: string };
    const q = new URLSearchParams();
    if (f.claimId) q.set('claim', f.claimId);
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
    return q;
  };
  return <ExportButton choices={EXPORTS} query={query} note="Uses the claim and day filters" />;
}
