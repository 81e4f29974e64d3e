import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * Asks for a reason before an action that needs one (reject, reopen, archive, withdraw …). The
 * text survives a refused request: the dialog closes only when `onConfirm` says it worked.
 */
export function ReasonDialog({
  open,
  title,
  description,
  label,
  confirmLabel,
  required = true,
  pending,
  onConfirm,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  label?: string;
  confirmLabel: string;
  required?: boolean;
  pending?: boolean;
  onConfirm: (reason: string) => Promise<boolean>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (await onConfirm(reason.trim())) {
      setReason('');
      onClose();
    }
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {description && <DialogContentText sx={{ mb: 1 }}>{description}</DialogContentText>}
        {children}
        <TextField
          autoFocus
          multiline
          minRows={3}
          label={label ?? t('app.common.reason')}
          value={reason}
          required={required}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          variant="outlined"
          margin="normal"
          // What people type keeps its own direction, whatever the interface's.
          slotProps={{ htmlInput: { dir: 'auto' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={pending || (required && !reason.trim())}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
