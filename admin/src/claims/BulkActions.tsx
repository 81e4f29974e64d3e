import ArchiveIcon from '@mui/icons-material/Archive';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useListContext, useNotify, useRefresh, type RaRecord } from 'react-admin';
import { ReasonDialog } from '../common/ReasonDialog';
import { useAssignableStaff } from '../common/useAssignableStaff';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { errorMessage } from '../dataProvider/errors';
import { ROLE, type Role } from '../vocabulary';

/**
 * Bulk assign and bulk archive for editors. Each claim is changed at the version shown in the
 * list; claims refused (changed meanwhile, already archived) are named in the message and stay
 * selected, the others are done.
 */
function useBulk() {
  const { selectedIds, data, onUnselectItems } = useListContext();
  const notify = useNotify();
  const refresh = useRefresh();
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
      notify(errorMessage(e), { type: 'error', multiLine: true, autoHideDuration: 15000 });
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
  const n = selectedIds.length;
  return (
    <>
      <Button size="small" startIcon={<AssignmentIndIcon />} onClick={() => setOpen(true)}>
        Assign
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="xs" fullWidth>
        <DialogTitle>
          Assign {n} claim{n === 1 ? '' : 's'}
        </DialogTitle>
        <DialogContent>
          <Autocomplete
            options={assignable}
            value={assignee}
            onChange={(_, v) => setAssignee(v)}
            getOptionLabel={(u) => `${u.displayName} (${ROLE[u.role as Role]})`}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            renderInput={(params) => <TextField {...params} label="Assignee (empty: unassign)" variant="outlined" margin="normal" />}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={pending}
            onClick={async () => {
              const ok = await run(
                (ids, versions) => dp.updateMany('claims', { ids, data: { assigneeId: assignee?.id ?? null }, meta: { versions } }),
                assignee ? `${n} claim${n === 1 ? '' : 's'} assigned to ${assignee.displayName}` : `${n} claim${n === 1 ? '' : 's'} unassigned`,
              );
              if (ok) setOpen(false);
            }}
          >
            {assignee ? 'Assign' : 'Unassign'}
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
  const n = selectedIds.length;
  return (
    <>
      <Button size="small" color="error" startIcon={<ArchiveIcon />} onClick={() => setOpen(true)}>
        Archive
      </Button>
      <ReasonDialog
        open={open}
        title={`Archive ${n} claim${n === 1 ? '' : 's'}`}
        description="Archived claims leave the workflow and the public API; an admin can restore them. The reason is kept in each claim's history."
        confirmLabel="Archive"
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={(reason) => run((ids, versions) => dp.deleteMany('claims', { ids, meta: { reason, versions } }), `${n} claim${n === 1 ? '' : 's'} archived`)}
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
