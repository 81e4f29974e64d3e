import MergeIcon from '@mui/icons-material/CallMerge';
import { Autocomplete, Button, TextField } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useCanAccess, useDataProvider, useRecordContext, useRedirect } from 'react-admin';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import type { CatalogResource } from '../dataProvider/merge';
import type { Rec } from '../dataProvider/resource';
import { useT } from '../i18n';
import { ReasonDialog } from './ReasonDialog';
import { useDebouncedText } from './useDebouncedText';
import { useRunAction } from './useRunAction';
import { useNotifyText } from './notify';

/** What each catalogue's records are called by, and the words of its merge dialog. */
const NAMED = {
  actors: { field: 'name', title: 'app.merge.actor_title', description: 'app.merge.actor_description', keep: 'app.merge.keep_actor' },
  sources: { field: 'title', title: 'app.merge.source_title', description: 'app.merge.source_description', keep: 'app.merge.keep_source' },
} as const;

/**
 * "Merge into…" on an actor's or source's page (editors and admins): pick the record to keep,
 * say why if you like, and this one's claims and evidence move there; the page then opens the
 * record kept, as this one's id now does.
 */
export function MergeIntoButton({ resource }: { resource: CatalogResource }) {
  const t = useT();
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource, action: 'merge' });
  const [open, setOpen] = useState(false);
  const [survivor, setSurvivor] = useState<Rec | null>(null);
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  const notify = useNotifyText();
  const redirect = useRedirect();
  if (!record || !canAccess) return null;
  const words = NAMED[resource];
  const nameOf = (r: Rec) => String(r[words.field] ?? '');
  const merge = (reason: string) =>
    survivor
      ? run(() => dp.merge(resource, { id: survivor.id, version: Number(survivor.version) }, { id: String(record.id), version: Number(record.version) }, reason), {
          onSuccess: (kept) => {
            notify(t('app.merge.merged', { name: nameOf(kept) }), { type: 'success' });
            setOpen(false);
            redirect('show', resource, kept.id);
          },
          reload: false,
        })
      : Promise.resolve(false);
  return (
    <>
      <Button size="small" startIcon={<MergeIcon />} onClick={() => setOpen(true)}>
        {t('app.merge.action')}
      </Button>
      <ReasonDialog
        open={open}
        title={t(words.title)}
        description={t(words.description, { name: nameOf(record as Rec) })}
        label={t('app.merge.reason')}
        confirmLabel={t('app.merge.confirm')}
        required={false}
        pending={pending || !survivor}
        onConfirm={merge}
        onClose={() => setOpen(false)}
      >
        <SurvivorPicker resource={resource} excludeId={String(record.id)} label={t(words.keep)} nameOf={nameOf} value={survivor} onChange={setSurvivor} />
      </ReasonDialog>
    </>
  );
}

/** Searches the catalogue as you type (merged records are never offered: the list leaves them out). */
function SurvivorPicker(props: { resource: CatalogResource; excludeId: string; label: string; nameOf: (r: Rec) => string; value: Rec | null; onChange: (r: Rec | null) => void }) {
  const { resource, excludeId, nameOf } = props;
  const [typed, setTyped] = useState('');
  const search = useDebouncedText(typed.trim(), 300);
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { data, isFetching } = useQuery({
    queryKey: [resource, 'merge-candidates', search],
    queryFn: () => dp.getList(resource, { filter: search ? { q: search } : {}, pagination: { page: 1, perPage: 10 }, sort: { field: NAMED[resource].field, order: 'ASC' } }),
  });
  const options = ((data?.data ?? []) as Rec[]).filter((r) => r.id !== excludeId);
  return (
    <Autocomplete
      options={options}
      value={props.value}
      onChange={(_, v) => props.onChange(v)}
      inputValue={typed}
      onInputChange={(_, v) => setTyped(v)}
      getOptionLabel={nameOf}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(o) => o}
      loading={isFetching}
      renderInput={(params) => <TextField {...params} label={props.label} margin="normal" required inputProps={{ ...params.inputProps, dir: 'auto' }} />}
    />
  );
}
