import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { AutocompleteInput, ReferenceInput, useCreate, useCreateSuggestionContext, type RaRecord } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { ACTOR_KINDS, SOURCE_KINDS, termLabel } from '../vocabulary';
import { useNotifyText } from './notify';

/**
 * Pickers for a claimant (actor) and a source that can catalogue a new one in place, so a
 * fact-checker never leaves a half-written claim to create its speaker or its source.
 * The dialogs hold plain inputs (no nested <form>: a submit would bubble to the claim form).
 */
/** What people type keeps its own direction, whatever the interface's. */
const typed = { htmlInput: { dir: 'auto' } } as const;

function CreateActorDialog() {
  const { filter, onCancel, onCreate } = useCreateSuggestionContext();
  const [create, { isPending }] = useCreate();
  const notify = useNotifyText();
  const t = useT();
  const [name, setName] = useState(filter ?? '');
  const [kind, setKind] = useState<string>('PERSON');
  const [title, setTitle] = useState('');
  const [country, setCountry] = useState('');
  const save = () =>
    create(
      'actors',
      { data: { name, kind, title, country } },
      {
        mutationMode: 'pessimistic',
        onSuccess: (actor: RaRecord) => {
          notify(t('app.catalog.actor_added', { name: actor.name }), { type: 'success' });
          onCreate(actor);
        },
        onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }),
      },
    );
  return (
    <Dialog open onClose={onCancel} maxWidth="xs" fullWidth>
      <DialogTitle>{t('app.catalog.new_actor')}</DialogTitle>
      <DialogContent>
        <TextField label={t('app.field.name')} value={name} onChange={(e) => setName(e.target.value)} autoFocus required fullWidth variant="outlined" margin="dense" slotProps={typed} />
        <TextField select label={t('app.field.kind')} value={kind} onChange={(e) => setKind(e.target.value)} fullWidth variant="outlined" margin="dense">
          {ACTOR_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {termLabel(t, 'actor_kind', k)}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={t('app.catalog.title_office')} helperText={t('app.catalog.title_office_help')} value={title} onChange={(e) => setTitle(e.target.value)} fullWidth variant="outlined" margin="dense" slotProps={typed} />
        <TextField label={t('app.catalog.country_code')} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} fullWidth variant="outlined" margin="dense" inputProps={{ maxLength: 2 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={isPending || !name.trim()}>
          {t('app.catalog.create_actor')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function CreateSourceDialog() {
  const { filter, onCancel, onCreate } = useCreateSuggestionContext();
  const [create, { isPending }] = useCreate();
  const notify = useNotifyText();
  const t = useT();
  const looksLikeUrl = /^https?:\/\//i.test(filter ?? '');
  const [title, setTitle] = useState(looksLikeUrl ? '' : (filter ?? ''));
  const [url, setUrl] = useState(looksLikeUrl ? (filter ?? '') : '');
  const [publisher, setPublisher] = useState('');
  const [publishedOn, setPublishedOn] = useState('');
  const [kind, setKind] = useState<string>('ARTICLE');
  const save = () =>
    create(
      'sources',
      { data: { title, url, publisher, publishedOn, kind } },
      {
        mutationMode: 'pessimistic',
        onSuccess: (source: RaRecord) => {
          notify(t('app.catalog.source_catalogued', { title: source.title }), { type: 'success' });
          onCreate(source);
        },
        onError: (e) => notify(errorMessage(e, t), { type: 'error', multiLine: true }),
      },
    );
  return (
    <Dialog open onClose={onCancel} maxWidth="sm" fullWidth>
      <DialogTitle>{t('app.catalog.new_source')}</DialogTitle>
      <DialogContent>
        <TextField label={t('app.field.title')} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required fullWidth variant="outlined" margin="dense" slotProps={typed} />
        <TextField label={t('app.field.url')} value={url} onChange={(e) => setUrl(e.target.value)} fullWidth variant="outlined" margin="dense" type="url" />
        <TextField label={t('app.field.publisher')} value={publisher} onChange={(e) => setPublisher(e.target.value)} fullWidth variant="outlined" margin="dense" slotProps={typed} />
        <TextField
          label={t('app.field.publishedOn')}
          type="date"
          value={publishedOn}
          onChange={(e) => setPublishedOn(e.target.value)}
          fullWidth
          variant="outlined"
          margin="dense"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField select label={t('app.field.kind')} value={kind} onChange={(e) => setKind(e.target.value)} fullWidth variant="outlined" margin="dense">
          {SOURCE_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {termLabel(t, 'source_kind', k)}
            </MenuItem>
          ))}
        </TextField>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={isPending || !title.trim()}>
          {t('app.catalog.create_source')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The chosen name or title keeps its own direction in the box (a Latin name in the Arabic app
 * would otherwise be laid out, and cut, from the wrong end); the picker's own input props stay.
 */
const pickerText = { sx: { '& input': { unicodeBidi: 'plaintext' } } };

const actorText = (a: RaRecord) => (a?.title ? `${a.name} — ${a.title}` : (a?.name ?? ''));
const sourceText = (s: RaRecord) => (s ? `${s.title}${s.publisher ? ` (${s.publisher})` : ''}` : '');

/** The claimant picker; a name not catalogued yet can be created in place. */
export function ClaimantInput({ source = 'claimantId', label }: { source?: string; label?: string }) {
  const t = useT();
  return (
    <ReferenceInput source={source} reference="actors" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput
        label={label ?? t('app.field.claimantId')}
        optionText={actorText}
        filterToQuery={(q: string) => ({ q })}
        create={<CreateActorDialog />}
        createItemLabel="app.catalog.new_actor_item"
        helperText={t('app.catalog.claimant_help')}
        TextFieldProps={pickerText}
      />
    </ReferenceInput>
  );
}

/** A source picker (a claim's first appearance by default); a source not catalogued yet can be created in place. */
export function SourceInput({ source = 'firstAppearanceId', label, helperText }: { source?: string; label?: string; helperText?: string }) {
  const t = useT();
  return (
    <ReferenceInput source={source} reference="sources" sort={{ field: 'title', order: 'ASC' }}>
      <AutocompleteInput
        label={label ?? t('app.field.firstAppearanceId')}
        optionText={sourceText}
        filterToQuery={(q: string) => ({ q })}
        create={<CreateSourceDialog />}
        createItemLabel="app.catalog.new_source_item"
        helperText={helperText ?? t('app.catalog.source_help')}
        TextFieldProps={pickerText}
      />
    </ReferenceInput>
  );
}
