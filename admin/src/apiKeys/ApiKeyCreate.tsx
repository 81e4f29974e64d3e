import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Create, SimpleForm, TextInput, required, useNotify, useRedirect, type RaRecord } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';

/**
 * A new key's secret exists only in the server's answer to createApiKey (only its digest is
 * stored), so it is shown here once, with a copy button, before going back to the list.
 */
export const ApiKeyCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const [created, setCreated] = useState<RaRecord | null>(null);
  return (
    <>
      <Create
        title="New API key"
        mutationOptions={{
          onSuccess: (key: RaRecord) => setCreated(key),
          onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }),
        }}
      >
        <SimpleForm sx={{ maxWidth: 600 }}>
          <TextInput source="name" label="Name" helperText="Which app or partner uses it, e.g. Partner newsroom widget" validate={required()} />
        </SimpleForm>
      </Create>
      {created && (
        <Dialog open maxWidth="sm" fullWidth>
          <DialogTitle>“{created.name}” created</DialogTitle>
          <DialogContent>
            <Alert severity="warning" sx={{ mb: 2 }}>
              Copy the secret now: it is shown this once and cannot be recovered. Lost it? Revoke the key and create a new one.
            </Alert>
            <TextField
              label="Secret"
              value={created.secret}
              fullWidth
              variant="outlined"
              slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
              onFocus={(e) => e.target.select()}
            />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              Apps send it as <code>Authorization: Bearer &lt;secret&gt;</code> and read what the public reads.
            </Typography>
          </DialogContent>
          <DialogActions>
            <Button
              startIcon={<ContentCopyIcon />}
              onClick={() => navigator.clipboard?.writeText(String(created.secret)).then(() => notify('Secret copied', { type: 'info' }), () => notify('Copy it from the box', { type: 'warning' }))}
            >
              Copy
            </Button>
            <Button variant="contained" onClick={() => (setCreated(null), redirect('list', 'apiKeys'))}>
              I have copied it
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
};
