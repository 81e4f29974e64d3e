import { Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { EditButton, Show, TopToolbar, useCanAccess, useRecordContext } from 'react-admin';
import { ClaimsOf } from '../common/ClaimsOf';
import { MergeIntoButton } from '../common/MergeIntoButton';
import { UserText, userText } from '../common/userText';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';

export const ActorTitle = () => {
  const t = useT();
  const name = useRecordContext()?.name;
  return <span>{name ? <UserText>{name}</UserText> : termLabel(t, 'history_entity', 'ACTOR')}</span>;
};

const ActorShowActions = () => {
  const { canAccess } = useCanAccess({ resource: 'actors', action: 'edit' });
  return (
    <TopToolbar>
      {canAccess && <EditButton />}
      <MergeIntoButton resource="actors" />
    </TopToolbar>
  );
};

const ActorDetails = () => {
  const t = useT();
  const a = useRecordContext();
  if (!a) return null;
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Typography variant="h5" component="h2" {...userText()}>
            {a.name}
          </Typography>
          <Typography color="text.secondary">
            {a.title && (
              <>
                <UserText>{a.title}</UserText>
                {' · '}
              </>
            )}
            {[a.country, termLabel(t, 'actor_kind', a.kind)].filter(Boolean).join(' · ')}
          </Typography>
          {a.aliases?.length > 0 && (
            <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }} aria-label={t('app.field.aliases')}>
              <Typography variant="body2" color="text.secondary">
                {t('app.actors.also_written')}
              </Typography>
              {a.aliases.map((alias: string) => (
                <Chip key={alias} size="small" label={<UserText>{alias}</UserText>} variant="outlined" />
              ))}
            </Stack>
          )}
          {a.wikidataId && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              {t('app.actors.wikidata')}{' '}
              <a href={`https://www.wikidata.org/wiki/${a.wikidataId}`} target="_blank" rel="noreferrer noopener" dir="ltr">
                {a.wikidataId}
              </a>
            </Typography>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h3">{t('app.actors.claims')}</Typography>
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
