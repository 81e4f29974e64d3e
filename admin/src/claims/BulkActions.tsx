import ArchiveIcon from '@mui/icons-material/Archive';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useListContext, useRefresh, type RaRecord } from 'react-admin';
import { ReasonDialog } from '../common/ReasonDialog';
import { useAssignableStaff } from '../common/useAssignableStaff';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';
import { useNotifyText } from '../common/notify';

/**
 * Bulk assign and bulk archive for editors. Each claim is changed at the version shown in the
 * list; claims refused (changed meanwhile, already archived) are named in the message and stay
 * selected, the others are done.
 */
function useBulk() {
  const { selectedIds, data, onUnselectItems } = useListContext();
  const notify = useNotifyText();
  const refresh = useRefresh();
  const t = useT();
  const [pending, setPending] = useState(false);
  const versions = Object.fromEntries((data ?? []).filter((r: RaRecord) => selectedIds.includes(r.id)).map((r: RaRecord) => [r.id, r.version]));
  const run = async (fn: (ids: string[], versions: Record<string, number>) => Promise<unknown>, done: string) => {
    setPending(true);
    try {
      await fn(selectedIds.map(String), versions);
      notify(done, { type: 'success' });
      onUnselectItems();
      return true;
    } catch (e) {
      notify(errorMessage(e, t), { type: 'error', multiLine: true, autoHideDuration: 15000 });
      return false;
    } finally {
      setPending(false);
      refresh();
    }
  };
  return { selectedIds, run, pending };
}

function BulkAssignButton() {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { selectedIds, run, pending } = useBulk();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<RaRecord | null>(null);
  const assignable = useAssignableStaff();
  const t = useT();
  const n = selectedIds.length;
  return (
    <>
      <Button size="small" startIcon={<AssignmentIndIcon />} onClick={() => setOpen(true)}>
        {t('app.common.assign')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{t('app.bulk.assign_title', { smart_count: n })}</DialogTitle>
        <DialogContent>
          <Autocomplete
            options={assignable}
            value={assignee}
            onChange={(_, v) => setAssignee(v)}
            getOptionLabel={(u) => t('app.common.person_with_role', { name: u.displayName, role: termLabel(t, 'role', u.role) })}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            renderInput={(params) => <TextField {...params} label={t('app.common.assignee_or_nobody')} variant="outlined" margin="normal" />}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('ra.action.cancel')}</Button>
          <Button
            variant="contained"
            disabled={pending}
            onClick={async () => {
              const ok = await run(
                (ids, versions) => dp.updateMany('claims', { ids, data: { assigneeId: assignee?.id ?? null }, meta: { versions } }),
                assignee ? t('app.bulk.assigned', { smart_count: n, name: assignee.displayName }) : t('app.bulk.unassigned', { smart_count: n }),
              );
              if (ok) setOpen(false);
            }}
          >
            {assignee ? t('app.common.assign') : t('app.common.unassign')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function BulkArchiveButton() {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { selectedIds, run, pending } = useBulk();
  const [open, setOpen] = useState(false);
  const t = useT();
  const n = selectedIds.length;
  return (
    <>
      <Button size="small" color="error" startIcon={<ArchiveIcon />} onClick={() => setOpen(true)}>
        {t('app.claim_action.ARCHIVE')}
      </Button>
      <ReasonDialog
        open={open}
        title={t('app.bulk.archive_title', { smart_count: n })}
        description={t('app.bulk.archive_description')}
        confirmLabel={t('app.claim_action.ARCHIVE')}
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={(reason) => run((ids, versions) => dp.deleteMany('claims', { ids, meta: { reason, versions } }), t('app.bulk.archived', { smart_count: n }))}
      />
    </>
  );
}

export const ClaimBulkActions = () => (
  <>
    <BulkAssignButton />
    <BulkArchiveButton />
  </>
);
