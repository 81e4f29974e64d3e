import { Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { EditButton, Show, TopToolbar, useCanAccess, useRecordContext } from 'react-admin';
import { ClaimsOf } from '../common/ClaimsOf';
import { actorKindLabel } from './kinds';

export const ActorTitle = () => <span>{useRecordContext()?.name ?? 'Actor'}</span>;

const ActorShowActions = () => {
  const { canAccess } = useCanAccess({ resource: 'actors', action: 'edit' });
  return <TopToolbar>{canAccess && <EditButton />}</TopToolbar>;
};

const ActorDetails = () => {
  const a = useRecordContext();
  if (!a) return null;
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Typography variant="h5" component="h1">
            {a.name}
          </Typography>
          <Typography color="text.secondary">{[a.title, a.country, actorKindLabel(a.kind)].filter(Boolean).join(' · ')}</Typography>
          {a.aliases?.length > 0 && (
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }} aria-label="Aliases">
              <Typography variant="body2" color="text.secondary">
                Also written:
              </Typography>
              {a.aliases.map((alias: string) => (
                <Chip key={alias} size="small" label={alias} variant="outlined" />
              ))}
            </Stack>
          )}
          {a.wikidataId && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              Wikidata:{' '}
              <a href={`https://www.wikidata.org/wiki/${a.wikidataId}`} target="_blank" rel="noreferrer noopener">
                {a.wikidataId}
              </a>
            </Typography>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6">Claims</Typography>
          <ClaimsOf target="claimantId" />
        </CardContent>
      </Card>
    </Stack>
  );
};

/** One actor with its aliases and its claims. */
export const ActorShow = () => (
  <Show title={<ActorTitle />} actions={<ActorShowActions />} component="div">
    <ActorDetails />
  </Show>
);
