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
  FormLabel,
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
import { cancelOnEscape, focusAfterClose } from '../common/focus';
import { useFormats } from '../common/format';
import { UserText, userText } from '../common/userText';
import { ReasonDialog } from '../common/ReasonDialog';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { useT } from '../i18n';
import { Parts } from '../i18n/Parts';
import type { Role } from '../vocabulary';

/** What people type keeps its own direction, whatever the interface's. */
const typed = { htmlInput: { dir: 'auto' } } as const;

/**
 * Disputes of a claim: open one (for yourself or on behalf of an outside party), and for open
 * ones resolve (editors: uphold reopens a published claim, reject keeps the verdict) or withdraw
 * (whoever opened it, or an editor).
 */
export function DisputesPanel({ readOnly }: { readOnly?: boolean }) {
  const t = useT();
  const claim = useRecordContext();
  const [opening, setOpening] = useState(false);
  if (!claim) return null;
  const disputes = [...((claim.disputes ?? []) as RaRecord[])].sort((a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN'));
  const canOpen = !readOnly && (claim.nextActions ?? []).includes('OPEN_DISPUTE');
  return (
    <Card component="section" aria-labelledby="disputes-title" id="disputes" tabIndex={-1}>
      <CardContent>
        <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h6" component="h3" id="disputes-title" sx={{ flex: 1 }}>
            {t('app.dispute.title', { count: disputes.length })}
          </Typography>
          {canOpen && !opening && (
            <Button id="open-dispute" startIcon={<ReportProblemIcon />} onClick={() => setOpening(true)}>
              {t('app.claim_action.OPEN_DISPUTE')}
            </Button>
          )}
        </Stack>
        {opening && (
          <OpenDisputeForm
            claim={claim}
            onDone={(opened) => {
              setOpening(false);
              // Opened: to the disputes, which now list it; cancelled: back to the button.
              focusAfterClose(opened ? 'disputes' : 'open-dispute');
            }}
          />
        )}
        {disputes.map((d) => (
          <DisputeItem key={d.id} claim={claim} dispute={d} readOnly={readOnly} />
        ))}
        {!disputes.length && !opening && (
          <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
            {t('app.dispute.none')}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function OpenDisputeForm({ claim, onDone }: { claim: RaRecord; onDone: (opened: boolean) => void }) {
  const t = useT();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  const [reason, setReason] = useState('');
  const [counterEvidence, setCounterEvidence] = useState('');
  const [raisedByName, setRaisedByName] = useState('');
  const submit = async () => {
    const ok = await run(
      () => dp.openDispute(String(claim.id), { reason: reason.trim(), counterEvidence: counterEvidence.trim() || undefined, raisedByName: raisedByName.trim() || undefined }, claim.version),
      { success: t('app.dispute.opened'), claimId: String(claim.id), seenVersion: claim.version },
    );
    if (ok) onDone(true);
  };
  return (
    <Paper variant="outlined" role="group" sx={{ p: 2, mb: 2, borderColor: 'error.main' }} aria-label={t('app.dispute.new')} onKeyDown={cancelOnEscape(() => onDone(false))}>
      <TextField
        label={t('app.dispute.reason_input')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        multiline
        minRows={2}
        fullWidth
        required
        variant="outlined"
        margin="dense"
        autoFocus
        slotProps={typed}
      />
      <TextField
        label={t('app.dispute.counter_evidence_input')}
        value={counterEvidence}
        onChange={(e) => setCounterEvidence(e.target.value)}
        multiline
        fullWidth
        variant="outlined"
        margin="dense"
        slotProps={typed}
      />
      <TextField
        label={t('app.dispute.on_behalf_input')}
        helperText={t('app.dispute.on_behalf_help')}
        slotProps={typed}
        value={raisedByName}
        onChange={(e) => setRaisedByName(e.target.value)}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button variant="contained" color="error" onClick={submit} disabled={pending || !reason.trim()}>
          {t('app.claim_action.OPEN_DISPUTE')}
        </Button>
        <Button onClick={() => onDone(false)}>{t('ra.action.cancel')}</Button>
      </Stack>
    </Paper>
  );
}

function DisputeItem({ claim, dispute: d, readOnly }: { claim: RaRecord; dispute: RaRecord; readOnly?: boolean }) {
  const t = useT();
  const f = useFormats();
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
    <Paper variant="outlined" role="group" sx={{ p: 1.5, mb: 1 }} data-dispute-id={d.id} aria-label={t('app.dispute.by', { name: d.raisedBy })}>
      <Stack direction="row" alignItems="center" spacing={1}>
        <DisputeStateChip value={d.status} />
        <Typography variant="subtitle2" component="div" sx={{ flex: 1 }}>
          <UserText>{d.raisedBy}</UserText>
          {d.raisedByName && d.openedBy ? (
            <Typography component="span" variant="caption" color="text.secondary">
              {' '}
              <Parts message={t('app.dispute.opened_by')} parts={{ name: <UserText>{d.openedBy.displayName}</UserText> }} />
            </Typography>
          ) : null}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {f.instant(d.createdAt)}
        </Typography>
      </Stack>
      <Typography variant="body2" sx={{ mt: 1 }} {...userText()}>
        {d.reason}
      </Typography>
      {d.counterEvidence && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {t('app.dispute.counter_evidence')} <UserText>{d.counterEvidence}</UserText>
        </Typography>
      )}
      {d.status !== 'OPEN' && (
        <Box sx={{ mt: 1, paddingInlineStart: 1.5, borderInlineStart: (theme) => `3px solid ${theme.palette.divider}` }}>
          <Typography variant="body2" {...(d.resolutionNote ? userText() : {})}>
            {d.resolutionNote ?? t('app.dispute.no_note')}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {d.resolvedBy ? <UserText>{d.resolvedBy.displayName}</UserText> : t('app.common.someone')} · {f.instant(d.resolvedAt)}
          </Typography>
        </Box>
      )}
      {(canResolve || canWithdraw) && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {canResolve && (
            <Button size="small" variant="outlined" onClick={() => setDialog('resolve')} disabled={pending}>
              {t('app.dispute.resolve')}
            </Button>
          )}
          {canWithdraw && (
            <Button size="small" onClick={() => setDialog('withdraw')} disabled={pending}>
              {t('app.dispute.withdraw')}
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
              success:
                outcome === 'UPHELD'
                  ? t(claim.reviewStatus === 'PUBLISHED' ? 'app.dispute.upheld_reopened' : 'app.dispute.upheld')
                  : t('app.dispute.rejected'),
            })
          }
        />
      )}
      <ReasonDialog
        open={dialog === 'withdraw'}
        title={t('app.dispute.withdraw_title')}
        label={t('app.common.reason_optional')}
        required={false}
        confirmLabel={t('app.dispute.withdraw')}
        pending={pending}
        onClose={() => setDialog(null)}
        onConfirm={(reason) => run(() => dp.withdrawDispute(String(d.id), reason || undefined, claim.version), { ...opts, success: t('app.dispute.withdrawn') })}
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
  const t = useT();
  const [outcome, setOutcome] = useState<'UPHELD' | 'REJECTED' | ''>('');
  const [note, setNote] = useState('');
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{t('app.dispute.resolve_title')}</DialogTitle>
      <DialogContent>
        <FormLabel id="resolve-outcome" required>
          {t('app.dispute.outcome')}
        </FormLabel>
        <RadioGroup aria-labelledby="resolve-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as 'UPHELD' | 'REJECTED')}>
          <FormControlLabel value="UPHELD" control={<Radio />} label={published ? t('app.dispute.uphold_reopen') : t('app.dispute.uphold')} />
          <FormControlLabel value="REJECTED" control={<Radio />} label={t('app.dispute.reject')} />
        </RadioGroup>
        <DialogContentText variant="body2" sx={{ mt: 1 }}>
          {t('app.dispute.note_help')}
        </DialogContentText>
        <TextField label={t('app.field.resolutionNote')} slotProps={typed} value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={3} fullWidth required variant="outlined" margin="normal" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={pending || !outcome || !note.trim()}
          onClick={async () => {
            if (outcome && (await onConfirm(outcome, note.trim()))) onClose();
          }}
        >
          {t('app.dispute.resolve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
