import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Create, SimpleForm, TextInput, required, useRedirect, type RaRecord } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import { useNotifyText } from '../common/notify';

/**
 * A new key's secret exists only in the server's answer to createApiKey (only its digest is
 * stored), so it is shown here once, with a copy button, before going back to the list.
 */
export const ApiKeyCreate = () => {
  const t = useT();
  const notify = useNotifyText();
  const redirect = useRedirect();
  const [created, setCreated] = useState<RaRecord | null>(null);
  return (
    <>
      <Create
        title={t('app.api_keys.new')}
        mutationOptions={{
          onSuccess: (key: RaRecord) => setCreated(key),
          onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }),
        }}
      >
        <SimpleForm sx={{ maxWidth: 600 }}>
          <TextInput source="name" label={t('app.field.name')} helperText={t('app.api_keys.name_help')} validate={required()} inputProps={{ dir: 'auto' }} />
        </SimpleForm>
      </Create>
      {created && (
        <Dialog open maxWidth="sm" fullWidth>
          <DialogTitle>{t('app.api_keys.created', { name: created.name })}</DialogTitle>
          <DialogContent>
            <Alert severity="warning" sx={{ mb: 2 }}>
              {t('app.api_keys.copy_now')}
            </Alert>
            <TextField
              label={t('app.api_keys.secret')}
              value={created.secret}
              fullWidth
              variant="outlined"
              slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
              onFocus={(e) => e.target.select()}
            />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              <Parts message={t('app.api_keys.usage')} parts={{ header: <code dir="ltr">Authorization: Bearer &lt;secret&gt;</code> }} />
            </Typography>
          </DialogContent>
          <DialogActions>
            <Button
              startIcon={<ContentCopyIcon />}
              onClick={() => navigator.clipboard?.writeText(String(created.secret)).then(() => notify(t('app.api_keys.copied'), { type: 'info' }), () => notify(t('app.api_keys.copy_from_box'), { type: 'warning' }))}
            >
              {t('app.api_keys.copy')}
            </Button>
            <Button variant="contained" onClick={() => (setCreated(null), redirect('list', 'apiKeys'))}>
              {t('app.api_keys.done')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
};
