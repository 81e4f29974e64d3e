import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';

/**
 * Asks for a reason before an action that needs one (reject, reopen, archive, withdraw …). The
 * text survives a refused request: the dialog closes only when `onConfirm` says it worked.
 */
export function ReasonDialog({
  open,
  title,
  description,
  label = 'Reason',
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
          label={label}
          value={reason}
          required={required}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          variant="outlined"
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={pending || (required && !reason.trim())}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
