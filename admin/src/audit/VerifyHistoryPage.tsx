import { Autocomplete, Box, Card, CardContent, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useGetList, type RaRecord } from 'react-admin';
import { StatusChip } from '../common/chips';
import { shorten } from '../common/format';
import { CheckpointsCard } from './Checkpoints';
import { VerifyHistoryButton } from './VerifyHistory';

/** Pick any claim (search by its words) and verify its history: for auditors' spot checks. */
export function VerifyHistoryPage() {
  const [q, setQ] = useState('');
  const [claim, setClaim] = useState<RaRecord | null>(null);
  const { data, isPending } = useGetList('claims', {
    pagination: { page: 1, perPage: 20 },
    sort: q ? { field: 'searchRank', order: 'DESC' } : { field: 'updatedAt', order: 'DESC' },
    filter: q ? { q } : {},
  });
  return (
    <Box sx={{ mt: 2, maxWidth: 900 }}>
      <Title title="Verify history" />
      <Card>
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            Verify a claim's history
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            Every change to a claim is chained by SHA-256 hashes. Verifying recomputes each hash and link on the server and checks that nothing is missing at the end.
            For an offline check without trusting the server, export the history as NDJSON and follow docs/export-verification.md.
          </Typography>
          <Autocomplete
            options={data ?? []}
            loading={isPending}
            value={claim}
            onChange={(_, v) => setClaim(v)}
            onInputChange={(_, v, reason) => reason === 'input' && setQ(v)}
            filterOptions={(x) => x}
            getOptionLabel={(c) => shorten(c.text, 110)}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            renderOption={(props, c) => (
              <li {...props} key={c.id}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <StatusChip value={c.reviewStatus} />
                  {shorten(c.text, 110)}
                </Box>
              </li>
            )}
            renderInput={(params) => <TextField {...params} label="Claim" placeholder="Search by its words" variant="outlined" />}
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
