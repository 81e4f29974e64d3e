import DownloadIcon from '@mui/icons-material/Download';
import { Button, Menu, MenuItem, Tooltip } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../dataProvider/errors';
import { useT, type MessageKey } from '../i18n';
import { downloadExport, type ExportFormat, type ExportKind } from './download';
import { useNotifyText } from './notify';

export interface ExportChoice {
  kind: ExportKind;
  format: ExportFormat;
  label: MessageKey;
}

/**
 * An "Export" button whose menu downloads the server's exports with the query the screen builds
 * from its filters. `note` heads the menu and `tooltip` explains the button, so the person knows
 * which of the screen's filters the file follows before downloading it.
 */
export function ExportButton({ choices, query, note, tooltip }: { choices: readonly ExportChoice[]; query: () => URLSearchParams; note: ReactNode; tooltip?: ReactNode }) {
  const t = useT();
  const notify = useNotifyText();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [pending, setPending] = useState(false);

  const download = async ({ kind, format }: ExportChoice) => {
    setAnchor(null);
    setPending(true);
    try {
      const { file, rows } = await downloadExport(kind, format, query());
      notify(rows ? t('app.export.rows', { file, smart_count: Number(rows) }) : t('app.export.all_rows', { file }), { type: 'success' });
    } catch (e) {
      notify(errorMessage(e, t), { type: 'error', multiLine: true });
    } finally {
      setPending(false);
    }
  };

  const button = (
    <Button size="small" startIcon={<DownloadIcon />} onClick={(e) => setAnchor(e.currentTarget)} disabled={pending}>
      {t('ra.action.export')}
    </Button>
  );
  return (
    <>
      {tooltip ? (
        // describeChild: the tooltip describes the button and leaves its name ("Export") alone; the
        // span keeps the tooltip working while the button is disabled during a download.
        // (An empty title hides it while the menu is open, so it does not cover the menu.)
        <Tooltip title={anchor ? '' : tooltip} describeChild>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {/* A menu holds only items: the note is one that cannot be chosen (read in full, skipped by the arrow keys). */}
        <MenuItem disabled divider sx={{ maxWidth: 360, whiteSpace: 'normal', typography: 'body2', color: 'text.secondary', '&.Mui-disabled': { opacity: 1 } }}>
          {note}
        </MenuItem>
        {choices.map((c) => (
          <MenuItem key={`${c.kind}.${c.format}`} onClick={() => download(c)}>
            {t(c.label)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
