import ArchiveIcon from '@mui/icons-material/Archive';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import EditIcon from '@mui/icons-material/Edit';
import GavelIcon from '@mui/icons-material/Gavel';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import RestoreIcon from '@mui/icons-material/Restore';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from '@mui/material';
import { useState, type ReactElement } from 'react';
import { Link, useDataProvider, useRecordContext, useShowContext, type RaRecord } from 'react-admin';
import { VERDICTS_WITHOUT_EVIDENCE } from '@domain/workflow';
import { useAssignableStaff } from '../common/useAssignableStaff';
import { useRunAction } from '../common/useRunAction';
import { ReasonDialog } from '../common/ReasonDialog';
import type { ClaimLedgerDataProvider, TransitionArgs } from '../dataProvider';
import type { Transition } from '../dataProvider/queries';
import { CLAIM_ACTION, ROLE, VERDICT, VERDICTS, type ClaimAction, type Role, type Verdict } from '../vocabulary';

/** The workflow buttons, in the order a desk reads them, and how each looks. */
const DIALOG_BUTTONS: {
  action: ClaimAction;
  variant: 'contained' | 'outlined' | 'text';
  color?: 'success' | 'warning' | 'error';
  icon: ReactElement;
}[] = [
  { action: 'SUBMIT', variant: 'contained', icon: <SendIcon /> },
  { action: 'PROPOSE_VERDICT', variant: 'contained', icon: <GavelIcon /> },
  { action: 'APPROVE', variant: 'contained', color: 'success', icon: <CheckCircleIcon /> },
  { action: 'REJECT', variant: 'outlined', color: 'warning', icon: <UndoIcon /> },
  { action: 'REOPEN', variant: 'outlined', color: 'warning', icon: <LockOpenIcon /> },
  { action: 'ASSIGN', variant: 'outlined', icon: <AssignmentIndIcon /> },
  { action: 'ARCHIVE', variant: 'text', color: 'error', icon: <ArchiveIcon /> },
  { action: 'RESTORE', variant: 'outlined', icon: <RestoreIcon /> },
];

/** The actions that ask for a reason, and what each dialog says. */
const REASON_DIALOGS: {
  action: 'REJECT' | 'REOPEN' | 'ARCHIVE' | 'RESTORE';
  title: string;
  description?: string;
  confirmLabel: string;
  success: string;
  optional?: boolean;
}[] = [
  {
    action: 'REJECT',
    title: 'Reject the proposed verdict',
    description: 'The claim goes back to review. Say what the fact-checker should look at again.',
    confirmLabel: 'Reject verdict',
    success: 'Verdict rejected; the claim is back in review',
  },
  {
    action: 'REOPEN',
    title: 'Reopen for correction',
    description:
      'The claim leaves the public until a corrected verdict is approved; the current verdict stays visible in its corrections.',
    confirmLabel: 'Reopen',
    success: 'Reopened for correction',
  },
  {
    action: 'ARCHIVE',
    title: 'Archive this claim',
    description: 'Archived claims leave the workflow and the public API; an admin can restore them.',
    confirmLabel: 'Archive',
    success: 'Archived',
  },
  { action: 'RESTORE', title: 'Restore as a draft', confirmLabel: 'Restore', success: 'Restored as a draft', optional: true },
];

/**
 * The workflow buttons of one claim, straight from `Claim.nextActions`: the server says what this
 * user may do now, so a role never sees an action it may not take and the four-eyes rule needs no
 * copy here. Every action waits for the server (pessimistic) and sends the version on screen.
 */
export function WorkflowButtons() {
  const record = useRecordContext();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending: running } = useRunAction();
  // While the claim reloads (after any change) its version on screen is about to be outdated:
  // acting on it then would only earn a conflict with one's own change.
  const { isFetching } = useShowContext();
  const pending = running || isFetching;
  const [dialog, setDialog] = useState<ClaimAction | null>(null);
  if (!record) return null;
  const actions = (record.nextActions ?? []) as ClaimAction[];
  const has = (a: ClaimAction) => actions.includes(a);
  const act = (action: Transition, success: string, args?: TransitionArgs) =>
    run(() => dp.transition(String(record.id), action, record.version, args), { success, claimId: String(record.id), seenVersion: record.version });
  const close = () => setDialog(null);

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }} role="group" aria-label="Workflow actions">
      {(has('UPDATE') || has('ANNOTATE')) && (
        <Button component={Link} to={`/claims/${record.id}`} variant="outlined" startIcon={<EditIcon />}>
          {has('UPDATE') ? CLAIM_ACTION.UPDATE : CLAIM_ACTION.ANNOTATE}
        </Button>
      )}
      {DIALOG_BUTTONS.filter((b) => has(b.action)).map((b) => (
        <Button
          key={b.action}
          variant={b.variant}
          color={b.color}
          startIcon={b.icon}
          disabled={pending}
          // Submitting needs nothing more; every other action opens its dialog first.
          onClick={() => (b.action === 'SUBMIT' ? act('SUBMIT', 'Submitted for review') : setDialog(b.action))}
        >
          {CLAIM_ACTION[b.action]}
        </Button>
      ))}

      {dialog === 'PROPOSE_VERDICT' && (
        <ProposeVerdictDialog
          record={record}
          pending={pending}
          onClose={close}
          onConfirm={(verdict, rationale) => act('PROPOSE_VERDICT', 'Verdict proposed: an editor will review it', { verdict, rationale })}
        />
      )}
      {dialog === 'APPROVE' && <ApproveDialog record={record} pending={pending} onClose={close} onConfirm={() => act('APPROVE', 'Published')} />}
      {REASON_DIALOGS.map((d) => (
        <ReasonDialog
          key={d.action}
          open={dialog === d.action}
          title={d.title}
          description={d.description}
          label={d.optional ? 'Reason (optional)' : undefined}
          required={!d.optional}
          confirmLabel={d.confirmLabel}
          pending={pending}
          onClose={close}
          onConfirm={(reason) => act(d.action, d.success, { reason: reason || undefined })}
        />
      ))}
      {dialog === 'ASSIGN' && (
        <AssignDialog record={record} pending={pending} onClose={close} onConfirm={(assigneeId) => act('ASSIGN', assigneeId ? 'Assigned' : 'Unassigned', { assigneeId })} />
      )}
    </Box>
  );
}

function ProposeVerdictDialog({
  record,
  pending,
  onClose,
  onConfirm,
}: {
  record: RaRecord;
  pending: boolean;
  onClose: () => void;
  onConfirm: (verdict: string, rationale: string) => Promise<boolean>;
}) {
  const [verdict, setVerdict] = useState<string>(record.verdict ?? '');
  const [rationale, setRationale] = useState<string>(record.verdictRationale ?? '');
  const noEvidence = (record.evidence ?? []).length === 0;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Propose a verdict</DialogTitle>
      <DialogContent>
        <DialogContentText>An editor who did not propose it approves it before it is published.</DialogContentText>
        <TextField select label="Verdict" value={verdict} onChange={(e) => setVerdict(e.target.value)} fullWidth variant="outlined" margin="normal" required>
          {VERDICTS.map((v) => (
            <MenuItem key={v} value={v}>
              {VERDICT[v].label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Rationale"
          helperText="Why this verdict: what the evidence shows. Public once published."
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          multiline
          minRows={4}
          fullWidth
          variant="outlined"
          margin="normal"
          required
        />
        {noEvidence && verdict && !VERDICTS_WITHOUT_EVIDENCE.has(verdict as Verdict) && (
          <Alert severity="info">This verdict needs at least one piece of evidence; add it first (only Unproven and Not checkable need none).</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={pending || !verdict || !rationale.trim()}
          onClick={async () => {
            if (await onConfirm(verdict, rationale.trim())) onClose();
          }}
        >
          Propose verdict
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ApproveDialog({ record, pending, onClose, onConfirm }: { record: RaRecord; pending: boolean; onClose: () => void; onConfirm: () => Promise<boolean> }) {
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Approve and publish</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">
          <strong>{VERDICT[record.verdict as keyof typeof VERDICT]?.label ?? record.verdict}</strong>
          {record.proposedBy ? `, proposed by ${record.proposedBy.displayName}` : ''}. Once approved the verdict is public, in the API and the ClaimReview feed; it
          changes only by reopening the claim, and every earlier verdict stays visible.
        </DialogContentText>
        {record.verdictRationale && (
          <Box component="blockquote" sx={{ borderLeft: 3, borderColor: 'divider', pl: 2, ml: 0, mt: 2, color: 'text.secondary' }}>
            {record.verdictRationale}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="success"
          disabled={pending}
          onClick={async () => {
            if (await onConfirm()) onClose();
          }}
        >
          Approve and publish
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function AssignDialog({
  record,
  pending,
  onClose,
  onConfirm,
}: {
  record: RaRecord;
  pending: boolean;
  onClose: () => void;
  onConfirm: (assigneeId: string | null) => Promise<boolean>;
}) {
  const assignable = useAssignableStaff();
  const [assignee, setAssignee] = useState<RaRecord | null>(record.assignee ?? null);
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Assign the claim</DialogTitle>
      <DialogContent>
        <Autocomplete
          options={assignable}
          value={assignable.find((u) => u.id === assignee?.id) ?? null}
          onChange={(_, v) => setAssignee(v)}
          getOptionLabel={(u) => `${u.displayName}${u.role ? ` (${ROLE[u.role as Role]})` : ''}`}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          renderInput={(params) => <TextField {...params} label="Assignee (empty: unassign)" variant="outlined" margin="normal" />}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={pending}
          onClick={async () => {
            if (await onConfirm(assignee ? String(assignee.id) : null)) onClose();
          }}
        >
          {assignee ? 'Assign' : 'Unassign'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
