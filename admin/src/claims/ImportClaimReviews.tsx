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

/** The chosen file: its text is read only when it can be sent at all (a 2 GB feed is never read into the page). */
interface ChosenFile {
  name: string;
  size: number;
  text: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why the document is not sent, and what to run instead: the CLI reads files and feeds of any size. */
function tooLargeMessage(what: string, bytes: number, fileName = 'reviews.jsonld') {
  return (
    <>
      {what} is too large to send from here: the request would be at least {kB(bytes)}, and the server accepts at most {kB(REQUEST_LIMIT_BYTES)}.
      Import it on the server with <code>npm run import -- {fileName}</code> (a file or a feed address, any size).
    </>
  );
}

/** The import's answer: counts, then each review refused with its position, url and reason. */
function Report({ report }: { report: ImportReport }) {
  return (
    <Box role="region" aria-label="Import report">
      <Alert severity={report.failed.length ? 'warning' : 'success'} sx={{ mb: 2 }}>
        {plural(report.created, 'claim', 'claims')} created as drafts, {report.skipped} already imported, {report.failed.length} failed.
      </Alert>
      {report.failed.length > 0 && (
        <>
          <Table size="small" aria-label="Reviews not imported">
            <TableHead>
              <TableRow>
                <TableCell>Item</TableCell>
                <TableCell>URL</TableCell>
                <TableCell>Reason</TableCell>
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
            Items are numbered from 0 in the order of the document, as <code>npm run import</code> numbers them. The other reviews were imported.
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
      setRefusal(errorCode(e) === 'PAYLOAD_TOO_LARGE' ? tooLargeMessage(file ? file.name : 'The pasted JSON-LD', bytes, file?.name) : errorMessage(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        Import ClaimReview
      </Button>
      <Dialog open={open} onClose={close} maxWidth="md" fullWidth>
        <DialogTitle>Import ClaimReview</DialogTitle>
        <DialogContent>
          {report ? (
            <Report report={report} />
          ) : (
            <>
              <DialogContentText sx={{ mb: 2 }}>
                Other fact-checkers&rsquo; reviews in{' '}
                <MuiLink href="https://schema.org/ClaimReview" target="_blank" rel="noreferrer noopener">
                  schema.org ClaimReview
                </MuiLink>{' '}
                JSON-LD (one review, a list, a @graph or a feed) become draft claims carrying their verdict. Reviews imported before are skipped.
              </DialogContentText>
              <input ref={input} type="file" accept=".json,.jsonld,application/json,application/ld+json" hidden aria-label="ClaimReview file" onChange={choose} />
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
                <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()}>
                  Choose file
                </Button>
                {file && (
                  <>
                    <Typography variant="body2" aria-label="Chosen file">
                      {file.name} ({kB(file.size)})
                    </Typography>
                    <Button
                      size="small"
                      onClick={() => {
                        setFile(null);
                        setRefusal(null);
                      }}
                    >
                      Remove file
                    </Button>
                  </>
                )}
              </Box>
              {!file && (
                <TextField
                  label="Or paste ClaimReview JSON-LD"
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
                  {tooLargeMessage(file ? file.name : 'The pasted JSON-LD', bytes, file?.name)}
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
              <Button onClick={startOver}>Import another</Button>
              <Button variant="contained" onClick={close}>
                Close
              </Button>
            </>
          ) : (
            <>
              <Button onClick={close}>Cancel</Button>
              <Button variant="contained" onClick={submit} disabled={pending || json === null || tooLarge}>
                Import
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
