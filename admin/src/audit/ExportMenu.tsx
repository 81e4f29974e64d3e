import { useListContext } from 'react-admin';
import { ExportButton, type ExportChoice } from '../common/ExportButton';
import { auditFilter } from '../dataProvider/mapping';
import { useT } from '../i18n';

const EXPORTS: readonly ExportChoice[] = [
  { kind: 'history', format: 'ndjson', label: 'app.export.history_ndjson' },
  { kind: 'history', format: 'csv', label: 'app.export.history_csv' },
  { kind: 'claims', format: 'csv', label: 'app.export.claims_csv' },
  { kind: 'claims', format: 'ndjson', label: 'app.export.claims_ndjson' },
];

/** The audit log's downloads of the server's exports, for the claim and days chosen in its filters. */
export function ExportMenu() {
  const t = useT();
  const { filterValues } = useListContext();
  const query = () => {
    const f = auditFilter(filterValues) as { claimId?: string; from?: string; to?: string };
    const q = new URLSearchParams();
    if (f.claimId) q.set('claim', f.claimId);
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
    return q;
  };
  return <ExportButton choices={EXPORTS} query={query} note={t('app.export.audit_note')} />;
}
