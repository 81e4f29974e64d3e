import ReportProblemIcon from '@mui/icons-material/ReportProblemOutlined';
import {
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useGetIdentity, usePermissions, useRecordContext, useShowContext, type RaRecord } from 'react-admin';
import { isDesk } from '../access';
import { DisputeStateChip } from '../common/chips';
import { formatInstant } from '../common/format';
import { ReasonDialog } from '../common/ReasonDialog';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import type { Role } from '../vocabulary';

/**
 * Disputes of a claim: open one (for yourself or on behalf of an outside party), and for open
 * ones resolve (editors: uphold reopens a published claim, reject keeps the verdict) or withdraw
 * (whoever opened it, or an editor).
 */
export function DisputesPanel({ readOnly }: { readOnly?: boolean }) {
  const claim = useRecordContext();
  const [opening, setOpening] = useState(false);
  if (!claim) return null;
  const disputes = [...((claim.disputes ?? []) as RaRecord[])].sort((a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN'));
  const canOpen = !readOnly && (claim.nextActions ?? []).includes('OPEN_DISPUTE');
  return (
    <Card component="section" aria-labelledby="disputes-title">
      <CardContent>
        <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6" id="disputes-title" sx={{ flex: 1 }}>
            Disputes ({disputes.length})
          </Typography>
          {canOpen && !opening && (
            <Button startIcon={<ReportProblemIcon />} onClick={() => setOpening(true)}>
              Open dispute
            </Button>
          )}
        </Stack>
        {opening && <OpenDisputeForm claim={claim} onDone={() => setOpening(false)} />}
        {disputes.map((d) => (
          <DisputeItem key={d.id} claim={claim} dispute={d} readOnly={readOnly} />
        ))}
        {!disputes.length && !opening && (
          <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
            Nobody has disputed this claim.
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function OpenDisputeForm({ claim, onDone }: { claim: RaRecord; onDone: () => void }) {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  const [reason, setReason] = useState('');
  const [counterEvidence, setCounterEvidence] = useState('');
  const [raisedByName, setRaisedByName] = useState('');
  const submit = async () => {
    const ok = await run(
      () => dp.openDispute(String(claim.id), { reason: reason.trim(), counterEvidence: counterEvidence.trim() || undefined, raisedByName: raisedByName.trim() || undefined }, claim.version),
      { success: 'Dispute opened: the claim shows as disputed', claimId: String(claim.id), seenVersion: claim.version },
    );
    if (ok) onDone();
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2, borderColor: 'error.main' }} aria-label="New dispute">
      <TextField label="What is wrong with the claim or its verdict?" value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth required variant="outlined" margin="dense" autoFocus />
      <TextField label="Counter-evidence (optional)" value={counterEvidence} onChange={(e) => setCounterEvidence(e.target.value)} multiline fullWidth variant="outlined" margin="dense" />
      <TextField
        label="On behalf of (optional)"
        helperText="The outside party contesting it, if it is not you"
        value={raisedByName}
        onChange={(e) => setRaisedByName(e.target.value)}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button variant="contained" color="error" onClick={submit} disabled={pending || !reason.trim()}>
          Open dispute
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </Stack>
    </Paper>
  );
}

function DisputeItem({ claim, dispute: d, readOnly }: { claim: RaRecord; dispute: RaRecord; readOnly?: boolean }) {
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Role>();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending: running } = useRunAction();
  // Not while the claim reloads: its version on screen is about to change.
  const { isFetching } = useShowContext();
  const pending = running || isFetching;
  const [dialog, setDialog] = useState<'resolve' | 'withdraw' | null>(null);
  const open = d.status === 'OPEN' && !readOnly;
  const canResolve = open && isDesk(permissions);
  const canWithdraw = open && (isDesk(permissions) || (d.openedBy && identity && d.openedBy.id === identity.id));
  const opts = { claimId: String(claim.id), seenVersion: claim.version };
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1 }} data-dispute-id={d.id} aria-label={`Dispute by ${d.raisedBy}`}>
      <Stack direction="row" alignItems="center" spacing={1}>
        <DisputeStateChip value={d.status} />
        <Typography variant="subtitle2" sx={{ flex: 1 }}>
          {d.raisedBy}
          {d.raisedByName && d.openedBy ? (
            <Typography component="span" variant="caption" color="text.secondary">
              {' '}
              (opened by {d.openedBy.displayName})
            </Typography>
          ) : null}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {formatInstant(d.createdAt)}
        </Typography>
      </Stack>
      <Typography variant="body2" sx={{ mt: 1 }}>
        {d.reason}
      </Typography>
      {d.counterEvidence && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          Counter-evidence: {d.counterEvidence}
        </Typography>
      )}
      {d.status !== 'OPEN' && (
        <Box sx={{ mt: 1, pl: 1.5, borderLeft: 3, borderColor: 'divider' }}>
          <Typography variant="body2">{d.resolutionNote ?? '(no note)'}</Typography>
          <Typography variant="caption" color="text.secondary">
            {d.resolvedBy?.displayName ?? 'Someone'} · {formatInstant(d.resolvedAt)}
          </Typography>
        </Box>
      )}
      {(canResolve || canWithdraw) && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {canResolve && (
            <Button size="small" variant="outlined" onClick={() => setDialog('resolve')} disabled={pending}>
              Resolve
            </Button>
          )}
          {canWithdraw && (
            <Button size="small" onClick={() => setDialog('withdraw')} disabled={pending}>
              Withdraw
            </Button>
          )}
        </Stack>
      )}
      {dialog === 'resolve' && (
        <ResolveDialog
          published={claim.reviewStatus === 'PUBLISHED'}
          pending={pending}
          onClose={() => setDialog(null)}
          onConfirm={(outcome, note) =>
            run(() => dp.resolveDispute(String(d.id), outcome, note, claim.version), {
              ...opts,
              success: outcome === 'UPHELD' ? 'Dispute upheld' + (claim.reviewStatus === 'PUBLISHED' ? ': the claim is reopened for correction' : '') : 'Dispute rejected: the verdict stands',
            })
          }
        />
      )}
      <ReasonDialog
        open={dialog === 'withdraw'}
        title="Withdraw the dispute"
        label="Reason (optional)"
        required={false}
        confirmLabel="Withdraw"
        pending={pending}
        onClose={() => setDialog(null)}
        onConfirm={(reason) => run(() => dp.withdrawDispute(String(d.id), reason || undefined, claim.version), { ...opts, success: 'Dispute withdrawn' })}
      />
    </Paper>
  );
}

function ResolveDialog({
  published,
  pending,
  onClose,
  onConfirm,
}: {
  published: boolean;
  pending: boolean;
  onClose: () => void;
  onConfirm: (outcome: 'UPHELD' | 'REJECTED', note: string) => Promise<boolean>;
}) {
  const [outcome, setOutcome] = useState<'UPHELD' | 'REJECTED' | ''>('');
  const [note, setNote] = useState('');
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Resolve the dispute</DialogTitle>
      <DialogContent>
        <RadioGroup value={outcome} onChange={(e) => setOutcome(e.target.value as 'UPHELD' | 'REJECTED')}>
          <FormControlLabel value="UPHELD" control={<Radio />} label={published ? 'Uphold: the dispute is right; reopen the claim for correction' : 'Uphold: the dispute is right'} />
          <FormControlLabel value="REJECTED" control={<Radio />} label="Reject: the verdict stands" />
        </RadioGroup>
        <DialogContentText variant="body2" sx={{ mt: 1 }}>
          The note is the answer to whoever raised the dispute.
        </DialogContentText>
        <TextField label="Resolution note" value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={3} fullWidth required variant="outlined" margin="normal" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={pending || !outcome || !note.trim()}
          onClick={async () => {
            if (outcome && (await onConfirm(outcome, note.trim()))) onClose();
          }}
        >
          Resolve
        </Button>
      </DialogActions>
    </Dialog>
  );
}
