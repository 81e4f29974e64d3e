import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link as MuiLink,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useDataProvider, useRefresh } from 'react-admin';
import { REQUEST_LIMIT_BYTES, importRequestBytes, kB, type ClaimLedgerDataProvider, type ImportReport } from '../dataProvider';
import { errorCode } from '../dataProvider/graphql';
import { errorMessage } from '../dataProvider/errors';
import { useT, type Translate } from '../i18n';
import { Parts } from '../i18n/Parts';

/** The chosen file: its text is read only when it can be sent at all (a 2 GB feed is never read into the page). */
interface ChosenFile {
  name: string;
  size: number;
  text: string | null;
}

/** Why the document is not sent, and what to run instead: the CLI reads files and feeds of any size. */
function tooLargeMessage(t: Translate, what: string, bytes: number, fileName = 'reviews.jsonld') {
  return (
    <Parts
      message={t('app.import.too_large')}
      parts={{ what, size: kB(bytes), limit: kB(REQUEST_LIMIT_BYTES), command: <code>npm run import -- {fileName}</code> }}
    />
  );
}

/** The import's answer: counts, then each review refused with its position, url and reason. */
function Report({ report }: { report: ImportReport }) {
  const t = useT();
  return (
    <Box role="region" aria-label={t('app.import.report')}>
      <Alert severity={report.failed.length ? 'warning' : 'success'} sx={{ mb: 2 }}>
        {t('app.import.summary', { smart_count: report.created, skipped: report.skipped, failed: report.failed.length })}
      </Alert>
      {report.failed.length > 0 && (
        <>
          <Table size="small" aria-label={t('app.import.not_imported')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('app.import.item')}</TableCell>
                <TableCell>{t('app.field.url')}</TableCell>
                <TableCell>{t('app.field.reason')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.failed.map((f) => (
                <TableRow key={f.index}>
                  <TableCell>{f.index}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{f.url ?? '—'}</TableCell>
                  <TableCell>{f.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
            <Parts message={t('app.import.numbering')} parts={{ command: <code>npm run import</code> }} />
          </Typography>
        </>
      )}
    </Box>
  );
}

/**
 * Editors and admins bring in other fact-checkers' verdicts: a ClaimReview JSON-LD file (or
 * pasted JSON) goes to importClaimReviews, and the report stays on screen until closed. Imported
 * reviews become drafts, so the list is refreshed behind the dialog.
 */
export function ImportClaimReviewsButton() {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const refresh = useRefresh();
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [pasted, setPasted] = useState('');
  const [pending, setPending] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [refusal, setRefusal] = useState<ReactNode>(null);

  const json = file ? file.text : pasted.trim() ? pasted : null;
  // An unread file is too large already; otherwise count exactly what would be sent.
  const bytes = useMemo(() => (file && file.text === null ? file.size : json !== null ? importRequestBytes(json) : 0), [file, json]);
  const tooLarge = bytes > REQUEST_LIMIT_BYTES;

  const startOver = () => {
    setFile(null);
    setPasted('');
    setReport(null);
    setRefusal(null);
  };
  const close = () => {
    setOpen(false);
    startOver();
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    // Cleared, so choosing the same file again (to import it a second time) is a change too.
    e.target.value = '';
    if (!f) return;
    setRefusal(null);
    setFile({ name: f.name, size: f.size, text: f.size > REQUEST_LIMIT_BYTES ? null : await f.text() });
  };

  const submit = async () => {
    if (json === null || tooLarge) return;
    setPending(true);
    setRefusal(null);
    try {
      setReport(await dp.importClaimReviews(json));
      refresh();
    } catch (e) {
      // A server configured below the default limit refuses what the check above let through.
      setRefusal(errorCode(e) === 'PAYLOAD_TOO_LARGE' ? tooLargeMessage(t, file ? file.name : t('app.import.pasted'), bytes, file?.name) : errorMessage(e, t));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        {t('app.import.button')}
      </Button>
      <Dialog open={open} onClose={close} maxWidth="md" fullWidth>
        <DialogTitle>{t('app.import.button')}</DialogTitle>
        <DialogContent>
          {report ? (
            <Report report={report} />
          ) : (
            <>
              <DialogContentText sx={{ mb: 2 }}>
                <Parts
                  message={t('app.import.intro')}
                  parts={{
                    link: (
                      <MuiLink href="https://schema.org/ClaimReview" target="_blank" rel="noreferrer noopener">
                        schema.org ClaimReview
                      </MuiLink>
                    ),
                  }}
                />
              </DialogContentText>
              <input ref={input} type="file" accept=".json,.jsonld,application/json,application/ld+json" hidden aria-label={t('app.import.file')} onChange={choose} />
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
                <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()}>
                  {t('app.import.choose_file')}
                </Button>
                {file && (
                  <>
                    <Typography variant="body2" aria-label={t('app.import.chosen_file')}>
                      {file.name} ({kB(file.size)})
                    </Typography>
                    <Button
                      size="small"
                      onClick={() => {
                        setFile(null);
                        setRefusal(null);
                      }}
                    >
                      {t('app.import.remove_file')}
                    </Button>
                  </>
                )}
              </Box>
              {!file && (
                <TextField
                  label={t('app.import.paste')}
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  multiline
                  minRows={4}
                  maxRows={12}
                  fullWidth
                  margin="normal"
                  slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
                />
              )}
              {tooLarge && (
                <Alert severity="warning" sx={{ mt: 2 }}>
                  {tooLargeMessage(t, file ? file.name : t('app.import.pasted'), bytes, file?.name)}
                </Alert>
              )}
              {refusal && (
                <Alert severity="error" sx={{ mt: 2 }}>
                  {refusal}
                </Alert>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {report ? (
            <>
              <Button onClick={startOver}>{t('app.import.another')}</Button>
              <Button variant="contained" onClick={close}>
                {t('ra.action.close')}
              </Button>
            </>
          ) : (
            <>
              <Button onClick={close}>{t('ra.action.cancel')}</Button>
              <Button variant="contained" onClick={submit} disabled={pending || json === null || tooLarge}>
                {t('app.import.submit')}
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
