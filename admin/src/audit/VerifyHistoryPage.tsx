import { Autocomplete, Box, Card, CardContent, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useGetList, type RaRecord } from 'react-admin';
import { StatusChip } from '../common/chips';
import { shorten } from '../common/format';
import { CheckpointsCard } from './Checkpoints';
import { UserText } from '../common/userText';
import { useT } from '../i18n';
import { VerifyHistoryButton } from './VerifyHistory';

/** Pick any claim (search by its words) and verify its history: for auditors' spot checks. */
export function VerifyHistoryPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [claim, setClaim] = useState<RaRecord | null>(null);
  const { data, isPending } = useGetList('claims', {
    pagination: { page: 1, perPage: 20 },
    sort: q ? { field: 'searchRank', order: 'DESC' } : { field: 'updatedAt', order: 'DESC' },
    filter: q ? { q } : {},
  });
  return (
    <Box sx={{ mt: 2, maxWidth: 900 }}>
      <Title title={t('app.verify.button')} />
      <Card>
        <CardContent>
          <Typography variant="h5" component="h2" gutterBottom>
            {t('app.verify.page_heading')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('app.verify.page_intro')}
          </Typography>
          <Autocomplete
            options={data ?? []}
            loading={isPending}
            value={claim}
            onChange={(_, v) => setClaim(v)}
            onInputChange={(_, v, reason) => reason === 'input' && setQ(v)}
            filterOptions={(x) => x}
            getOptionLabel={(c) => shorten(c.text, 110, c.language)}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            renderOption={(props, c) => (
              <li {...props} key={c.id}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <StatusChip value={c.reviewStatus} />
                  <UserText lang={c.language}>{shorten(c.text, 110, c.language)}</UserText>
                </Box>
              </li>
            )}
            renderInput={(params) => <TextField {...params} label={t('app.verify.claim')} placeholder={t('app.verify.claim_placeholder')} variant="outlined" />}
          />
          {claim && (
            <Box sx={{ mt: 2 }}>
              <VerifyHistoryButton key={claim.id} claimId={String(claim.id)} />
            </Box>
          )}
        </CardContent>
      </Card>
      <CheckpointsCard />
    </Box>
  );
}
