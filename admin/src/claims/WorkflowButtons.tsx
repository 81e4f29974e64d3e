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
import { focusAfterClose } from '../common/focus';
import { UserText, userText } from '../common/userText';
import { useAssignableStaff } from '../common/useAssignableStaff';
import { useRunAction } from '../common/useRunAction';
import { ReasonDialog } from '../common/ReasonDialog';
import type { ClaimLedgerDataProvider, TransitionArgs } from '../dataProvider';
import { verdictsWithoutEvidence } from '../dataProvider/errors';
import type { Transition } from '../dataProvider/queries';
import { useT, type MessageKey } from '../i18n';
import { Parts } from '../i18n/Parts';
import { VERDICTS, termLabel, type ClaimAction, type Verdict } from '../vocabulary';

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
  title: MessageKey;
  description?: MessageKey;
  confirmLabel: MessageKey;
  success: MessageKey;
  optional?: boolean;
}[] = [
  {
    action: 'REJECT',
    title: 'app.workflow.reject_title',
    description: 'app.workflow.reject_description',
    confirmLabel: 'app.claim_action.REJECT',
    success: 'app.workflow.rejected',
  },
  {
    action: 'REOPEN',
    title: 'app.workflow.reopen_title',
    description: 'app.workflow.reopen_description',
    confirmLabel: 'app.workflow.reopen_confirm',
    success: 'app.workflow.reopened',
  },
  {
    action: 'ARCHIVE',
    title: 'app.workflow.archive_title',
    description: 'app.workflow.archive_description',
    confirmLabel: 'app.claim_action.ARCHIVE',
    success: 'app.workflow.archived',
  },
  { action: 'RESTORE', title: 'app.workflow.restore_title', confirmLabel: 'app.claim_action.RESTORE', success: 'app.workflow.restored', optional: true },
];

/**
 * The workflow buttons of one claim, straight from `Claim.nextActions`: the server says what this
 * user may do now, so a role never sees an action it may not take and the four-eyes rule needs no
 * copy here. Every action waits for the server (pessimistic) and sends the version on screen.
 */
export function WorkflowButtons() {
  const record = useRecordContext();
  const t = useT();
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
  const act = async (action: Transition, success: string, args?: TransitionArgs) => {
    const ok = await run(() => dp.transition(String(record.id), action, record.version, args), { success, claimId: String(record.id), seenVersion: record.version });
    // The button that acted may be gone (or disabled while the claim reloads): focus goes to the new status.
    if (ok) focusAfterClose('claim-status');
    return ok;
  };
  const close = () => setDialog(null);

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }} role="group" aria-label={t('app.workflow.actions')}>
      {(has('UPDATE') || has('ANNOTATE')) && (
        <Button component={Link} to={`/claims/${record.id}`} variant="outlined" startIcon={<EditIcon />}>
          {has('UPDATE') ? t('app.claim_action.UPDATE') : t('app.claim_action.ANNOTATE')}
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
          onClick={() => (b.action === 'SUBMIT' ? act('SUBMIT', t('app.workflow.submitted')) : setDialog(b.action))}
        >
          {termLabel(t, 'claim_action', b.action)}
        </Button>
      ))}

      {dialog === 'PROPOSE_VERDICT' && (
        <ProposeVerdictDialog
          record={record}
          pending={pending}
          onClose={close}
          onConfirm={(verdict, rationale) => act('PROPOSE_VERDICT', t('app.workflow.proposed'), { verdict, rationale })}
        />
      )}
      {dialog === 'APPROVE' && <ApproveDialog record={record} pending={pending} onClose={close} onConfirm={() => act('APPROVE', t('app.workflow.published'))} />}
      {REASON_DIALOGS.map((d) => (
        <ReasonDialog
          key={d.action}
          open={dialog === d.action}
          title={t(d.title)}
          description={d.description && t(d.description)}
          label={d.optional ? t('app.common.reason_optional') : undefined}
          required={!d.optional}
          confirmLabel={t(d.confirmLabel)}
          pending={pending}
          onClose={close}
          onConfirm={(reason) => act(d.action, t(d.success), { reason: reason || undefined })}
        />
      ))}
      {dialog === 'ASSIGN' && (
        <AssignDialog record={record} pending={pending} onClose={close} onConfirm={(assigneeId) => act('ASSIGN', assigneeId ? t('app.workflow.assigned') : t('app.workflow.unassigned'), { assigneeId })} />
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
  const t = useT();
  // After a rejection, the checker revises the rejected proposal rather than starting again.
  const [verdict, setVerdict] = useState<string>(record.rejectedProposal?.verdict ?? record.verdict ?? '');
  const [rationale, setRationale] = useState<string>(record.rejectedProposal?.rationale ?? record.verdictRationale ?? '');
  const noEvidence = (record.evidence ?? []).length === 0;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('app.workflow.propose_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('app.workflow.propose_intro')}</DialogContentText>
        <TextField select label={t('app.field.verdict')} value={verdict} onChange={(e) => setVerdict(e.target.value)} fullWidth variant="outlined" margin="normal" required>
          {VERDICTS.map((v) => (
            <MenuItem key={v} value={v}>
              {termLabel(t, 'verdict', v)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label={t('app.field.verdictRationale')}
          helperText={t('app.workflow.rationale_help')}
          value={rationale}
          slotProps={{ htmlInput: { dir: 'auto' } }}
          onChange={(e) => setRationale(e.target.value)}
          multiline
          minRows={4}
          fullWidth
          variant="outlined"
          margin="normal"
          required
        />
        {noEvidence && verdict && !VERDICTS_WITHOUT_EVIDENCE.has(verdict as Verdict) && (
          // A hint, not an error: announced politely (status), so the server's refusal stays the only alert.
          <Alert severity="info" role="status">{t('app.workflow.needs_evidence', { verdicts: verdictsWithoutEvidence(t) })}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={pending || !verdict || !rationale.trim()}
          onClick={async () => {
            if (await onConfirm(verdict, rationale.trim())) onClose();
          }}
        >
          {t('app.claim_action.PROPOSE_VERDICT')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ApproveDialog({ record, pending, onClose, onConfirm }: { record: RaRecord; pending: boolean; onClose: () => void; onConfirm: () => Promise<boolean> }) {
  const t = useT();
  const verdict = <strong>{termLabel(t, 'verdict', record.verdict)}</strong>;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('app.claim_action.APPROVE')}</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">
          {record.proposedBy ? <Parts message={t('app.workflow.approve_proposed_by')} parts={{ verdict, name: <UserText>{record.proposedBy.displayName}</UserText> }} /> : verdict}{' '}
          {t('app.workflow.approve_body')}
        </DialogContentText>
        {record.verdictRationale && (
          <Box
            component="blockquote"
            {...userText()}
            sx={{ borderInlineStart: (theme) => `3px solid ${theme.palette.divider}`, paddingInlineStart: 2, marginInlineStart: 0, mt: 2, color: 'text.secondary' }}
          >
            {record.verdictRationale}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color="success"
          disabled={pending}
          onClick={async () => {
            if (await onConfirm()) onClose();
          }}
        >
          {t('app.claim_action.APPROVE')}
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
  const t = useT();
  const assignable = useAssignableStaff();
  const [assignee, setAssignee] = useState<RaRecord | null>(record.assignee ?? null);
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>{t('app.workflow.assign_title')}</DialogTitle>
      <DialogContent>
        <Autocomplete
          options={assignable}
          value={assignable.find((u) => u.id === assignee?.id) ?? null}
          onChange={(_, v) => setAssignee(v)}
          getOptionLabel={(u) => (u.role ? t('app.common.person_with_role', { name: u.displayName, role: termLabel(t, 'role', u.role) }) : String(u.displayName))}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          renderInput={(params) => <TextField {...params} label={t('app.common.assignee_or_nobody')} variant="outlined" margin="normal" />}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={pending}
          onClick={async () => {
            if (await onConfirm(assignee ? String(assignee.id) : null)) onClose();
          }}
        >
          {assignee ? t('app.common.assign') : t('app.common.unassign')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
