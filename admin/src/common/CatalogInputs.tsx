import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { AutocompleteInput, ReferenceInput, useCreate, useCreateSuggestionContext, useNotify, type RaRecord } from 'react-admin';
import { errorMessage } from '../dataProvider/errors';
import { ACTOR_KINDS, SOURCE_KINDS } from '../vocabulary';

/**
 * Pickers for a claimant (actor) and a source that can catalogue a new one in place, so a
 * fact-checker never leaves a half-written claim to create its speaker or its source.
 * The dialogs hold plain inputs (no nested <form>: a submit would bubble to the claim form).
 */
const humanise = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

function CreateActorDialog() {
  const { filter, onCancel, onCreate } = useCreateSuggestionContext();
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
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
          notify(`${actor.name} added to the actors`, { type: 'success' });
          onCreate(actor);
        },
        onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }),
      },
    );
  return (
    <Dialog open onClose={onCancel} maxWidth="xs" fullWidth>
      <DialogTitle>New actor</DialogTitle>
      <DialogContent>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required fullWidth variant="outlined" margin="dense" />
        <TextField select label="Kind" value={kind} onChange={(e) => setKind(e.target.value)} fullWidth variant="outlined" margin="dense">
          {ACTOR_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {humanise(k)}
            </MenuItem>
          ))}
        </TextField>
        <TextField label="Title or office" helperText="e.g. US Secretary of State" value={title} onChange={(e) => setTitle(e.target.value)} fullWidth variant="outlined" margin="dense" />
        <TextField label="Country (2 letters)" value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} fullWidth variant="outlined" margin="dense" inputProps={{ maxLength: 2 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={isPending || !name.trim()}>
          Create actor
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function CreateSourceDialog() {
  const { filter, onCancel, onCreate } = useCreateSuggestionContext();
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
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
          notify(`“${source.title}” catalogued`, { type: 'success' });
          onCreate(source);
        },
        onError: (e) => notify(errorMessage(e), { type: 'error', multiLine: true }),
      },
    );
  return (
    <Dialog open onClose={onCancel} maxWidth="sm" fullWidth>
      <DialogTitle>New source</DialogTitle>
      <DialogContent>
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required fullWidth variant="outlined" margin="dense" />
        <TextField label="URL" value={url} onChange={(e) => setUrl(e.target.value)} fullWidth variant="outlined" margin="dense" type="url" />
        <TextField label="Publisher" value={publisher} onChange={(e) => setPublisher(e.target.value)} fullWidth variant="outlined" margin="dense" />
        <TextField
          label="Published on"
          type="date"
          value={publishedOn}
          onChange={(e) => setPublishedOn(e.target.value)}
          fullWidth
          variant="outlined"
          margin="dense"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField select label="Kind" value={kind} onChange={(e) => setKind(e.target.value)} fullWidth variant="outlined" margin="dense">
          {SOURCE_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {humanise(k)}
            </MenuItem>
          ))}
        </TextField>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={isPending || !title.trim()}>
          Create source
        </Button>
      </DialogActions>
    </Dialog>
  );
}

const actorText = (a: RaRecord) => (a?.title ? `${a.name} — ${a.title}` : (a?.name ?? ''));
const sourceText = (s: RaRecord) => (s ? `${s.title}${s.publisher ? ` (${s.publisher})` : ''}` : '');

export const ClaimantInput = ({ source = 'claimantId', label = 'Claimant' }: { source?: string; label?: string }) => (
  <ReferenceInput source={source} reference="actors" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput
      label={label}
      optionText={actorText}
      filterToQuery={(q: string) => ({ q })}
      create={<CreateActorDialog />}
      createItemLabel="New actor: %{item}"
      helperText="Type a name or alias; not catalogued yet? Create it here."
    />
  </ReferenceInput>
);

export const SourceInput = ({ source = 'firstAppearanceId', label = 'First appearance', helperText }: { source?: string; label?: string; helperText?: string }) => (
  <ReferenceInput source={source} reference="sources" sort={{ field: 'title', order: 'ASC' }}>
    <AutocompleteInput
      label={label}
      optionText={sourceText}
      filterToQuery={(q: string) => ({ q })}
      create={<CreateSourceDialog />}
      createItemLabel="New source: %{item}"
      helperText={helperText ?? 'Search by title, publisher or URL; or create a new source.'}
    />
  </ReferenceInput>
);
