import DownloadIcon from '@mui/icons-material/Download';
import { Button, ListSubheader, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useListContext, useNotify } from 'react-admin';
import { auditFilter } from '../dataProvider/mapping';
import { ApiError, type GraphQLErrorShape } from '../dataProvider/graphql';
import { errorMessage } from '../dataProvider/errors';
import { tokenFromBrowser } from '../session';

const EXPORTS = [
  ['history', 'ndjson', 'History (NDJSON, with hashes: verifiable offline)'],
  ['history', 'csv', 'History (CSV)'],
  ['claims', 'csv', 'Claims (CSV)'],
  ['claims', 'ndjson', 'Claims (NDJSON)'],
] as const;

/**
 * Downloads the server's streamed exports (/export/…) for the claim and days chosen in the audit
 * log's filters. The exports need the session token, which a plain link cannot send, so the file
 * is fetched and handed to the browser as a download.
 */
export function ExportMenu() {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [pending, setPending] = useState(false);

  const download = async (kind: string, format: string) => {
    setAnchor(null);
    setPending(true);
    try {
      const f = auditFilter(filterValues) as { claimId?: string; from?: string; to?: string };
      const query = new URLSearchParams();
      if (f.claimId) query.set('claim', f.claimId);
      if (f.from) query.set('from', f.from);
      if (f.to) query.set('to', f.to);
      const res = await fetch(`/export/${kind}.${format}?${query}`, { headers: { authorization: `Bearer ${tokenFromBrowser() ?? ''}` } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { errors?: GraphQLErrorShape[] } | null;
        throw ApiError.from(body?.errors ?? [{ message: `The export failed (HTTP ${res.status}).` }]);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `claimledger-${kind}.${format}`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
      notify(`${name}: ${res.headers.get('x-total-count') ?? 'all'} rows`, { type: 'success' });
    } catch (e) {
      notify(errorMessage(e), { type: 'error', multiLine: true });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<DownloadIcon />} onClick={(e) => setAnchor(e.currentTarget)} disabled={pending}>
        Export
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <ListSubheader>Uses the claim and day filters</ListSubheader>
        {EXPORTS.map(([kind, format, label]) => (
          <MenuItem key={`${kind}.${format}`} onClick={() => download(kind, format)}>
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
