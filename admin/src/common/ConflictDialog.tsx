import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useDataProvider } from 'react-admin';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { translateError } from '../dataProvider/errors';
import { useT } from '../i18n';
import { historyActionLabel } from '../vocabulary';
import { ChangeList } from './ChangeList';
import { useFormats } from './format';
import { UserText } from './userText';

/**
 * A CONFLICT (someone changed the claim since this user loaded it) opens this dialog: who
 * changed what since the version the user saw, and a reload that refreshes the record while the
 * forms keep what the user typed. Nothing the user typed is thrown away here.
 */
interface ConflictRequest {
  error: unknown;
  /** A claim whose history explains the conflict; other records just show the message. */
  claimId?: string;
  seenVersion?: number;
  onReload: () => unknown;
}

const ConflictContext = createContext<(request: ConflictRequest) => void>(() => undefined);

export const useShowConflict = () => useContext(ConflictContext);

export function ConflictProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConflictRequest | null>(null);
  const show = useCallback((r: ConflictRequest) => setRequest(r), []);
  return (
    <ConflictContext.Provider value={show}>
      {children}
      {request && <ConflictDialog request={request} onClose={() => setRequest(null)} />}
    </ConflictContext.Provider>
  );
}

function ConflictDialog({ request, onClose }: { request: ConflictRequest; onClose: () => void }) {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const t = useT();
  const f = useFormats();
  const readable = translateError(request.error, t);
  const { claimId, seenVersion } = request;
  const since = useQuery({
    queryKey: ['claims', 'changesSince', claimId, seenVersion],
    queryFn: () => dp.changesSince(claimId!, seenVersion!),
    enabled: !!claimId && seenVersion !== undefined,
  });
  const [reloading, setReloading] = useState(false);

  const reload = async () => {
    setReloading(true);
    try {
      await request.onReload();
    } finally {
      setReloading(false);
      onClose();
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{readable.title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {readable.message}
        </Alert>
        {since.isPending && claimId && <CircularProgress size={20} aria-label={t('app.conflict.loading')} />}
        {since.data && since.data.length > 0 && (
          <Box aria-label={t('app.conflict.since')}>
            <Typography variant="subtitle2" component="h3" gutterBottom>
              {t('app.conflict.since')}
            </Typography>
            {since.data.map((e) => (
              <Box key={e.id} sx={{ mb: 1.5 }}>
                <Typography variant="body2">
                  <strong><UserText>{e.userLabel}</UserText></strong> {historyActionLabel(t, e.action)} · {f.instant(e.occurredAt)}
                </Typography>
                <ChangeList changes={e.changes} />
                {e.note && (
                  <Typography variant="body2" color="text.secondary">
                    {t('app.common.reason')}: <UserText>{e.note}</UserText>
                  </Typography>
                )}
              </Box>
            ))}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.close')}</Button>
        <Button variant="contained" startIcon={<RefreshIcon />} onClick={reload} disabled={reloading}>
          {t('app.conflict.reload')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
