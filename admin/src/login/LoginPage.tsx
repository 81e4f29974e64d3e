import { Alert, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { LocalesMenuButton, useLogin } from 'react-admin';
import { translateError } from '../dataProvider/errors';
import { useT } from '../i18n';

/**
 * E-mail and password against the API's login; refusals (wrong password, too many attempts) said
 * plainly. It speaks the browser's language (or the one picked here); once logged in, the
 * language saved with the account applies.
 */
export const LoginPage = () => {
  const t = useT();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await login({ username: email, password });
    } catch (err) {
      setError(translateError(err, t).message);
      setPending(false);
    }
  };

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #1e3a5f 0%, #2d5a88 60%, #7b3f8c 140%)',
        p: 2,
        position: 'relative',
      }}
    >
      <Box sx={{ position: 'absolute', top: 8, insetInlineEnd: 8, color: '#fff' }}>
        <LocalesMenuButton />
      </Box>
      <Card sx={{ width: 380, maxWidth: '100%' }} component="main">
        <CardContent sx={{ p: 4 }}>
          <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>
            ClaimLedger
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
            {t('app.login.tagline')}
          </Typography>
          <form onSubmit={submit} noValidate>
            <TextField
              label={t('app.login.email')}
              type="email"
              name="email"
              autoComplete="username"
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              variant="outlined"
              margin="normal"
              fullWidth
              required
            />
            <TextField
              label={t('app.login.password')}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              variant="outlined"
              margin="normal"
              fullWidth
              required
            />
            {error && (
              <Alert severity="error" sx={{ mt: 2 }} role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 3 }} disabled={pending || !email || !password}>
              {pending ? <CircularProgress size={24} color="inherit" aria-label={t('app.login.pending')} /> : t('app.login.submit')}
            </Button>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
};
