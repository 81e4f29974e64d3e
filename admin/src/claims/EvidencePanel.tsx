import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import LinkIcon from '@mui/icons-material/Link';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Box, Button, Card, CardContent, Chip, IconButton, Paper, Rating, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import {
  BooleanInput,
  Form,
  Link,
  NumberInput,
  RadioButtonGroupInput,
  SaveButton,
  TextInput,
  useDataProvider,
  useRecordContext,
  useShowContext,
  type RaRecord,
} from 'react-admin';
import { SourceInput } from '../common/CatalogInputs';
import { formatInstant } from '../common/format';
import { ReasonDialog } from '../common/ReasonDialog';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { STANCE, STANCES, choices, type Stance } from '../vocabulary';

/**
 * The evidence of a claim in three columns by stance (supports / refutes / context), added,
 * edited and removed in place while the claim is a draft or in review. Forms keep their text
 * when the server refuses; the claim version sent is the one on screen.
 */
export function EvidencePanel({ readOnly }: { readOnly?: boolean }) {
  const claim = useRecordContext();
  const { isFetching } = useShowContext();
  const [adding, setAdding] = useState<Stance | null>(null);
  if (!claim) return null;
  const evidence = (claim.evidence ?? []) as RaRecord[];
  const canEdit = !readOnly && (claim.nextActions ?? []).includes('EDIT_EVIDENCE');

  return (
    <Card component="section" aria-labelledby="evidence-title">
      <CardContent>
        <Typography variant="h6" id="evidence-title" gutterBottom>
          Evidence ({evidence.length})
        </Typography>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'repeat(3, 1fr)' } }}>
          {STANCES.map((stance) => {
            const items = evidence.filter((e) => e.stance === stance);
            return (
              <Box key={stance} component="section" aria-label={`${STANCE[stance].label} (${items.length})`} data-stance={stance}>
                <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
                  <Chip size="small" color={STANCE[stance].tone} label={`${STANCE[stance].label} · ${items.length}`} />
                  <Box sx={{ flex: 1 }} />
                  {canEdit && adding !== stance && (
                    <Button size="small" startIcon={<AddIcon />} onClick={() => setAdding(stance)} disabled={isFetching} aria-label={`Add evidence that ${STANCE[stance].label.toLowerCase()}`}>
                      Add
                    </Button>
                  )}
                </Stack>
                {adding === stance && <EvidenceForm claim={claim} initial={{ stance, reliability: 3, isPublic: true }} onDone={() => setAdding(null)} />}
                {items.map((e) => (
                  <EvidenceItem key={e.id} claim={claim} evidence={e} canEdit={canEdit} />
                ))}
                {!items.length && adding !== stance && (
                  <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
                    None yet.
                  </Typography>
                )}
              </Box>
            );
          })}
        </Box>
      </CardContent>
    </Card>
  );
}

function EvidenceItem({ claim, evidence: e, canEdit }: { claim: RaRecord; evidence: RaRecord; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  // Not while the claim reloads: its version on screen is about to change.
  const { isFetching } = useShowContext();
  if (editing) {
    return (
      <EvidenceForm
        claim={claim}
        evidence={e}
        initial={{ sourceId: e.source?.id ?? null, url: e.url, excerpt: e.excerpt, stance: e.stance, reliability: e.reliability, note: e.note, isPublic: e.isPublic }}
        onDone={() => setEditing(false)}
      />
    );
  }
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1 }} data-evidence-id={e.id}>
      <Stack direction="row" alignItems="flex-start" spacing={1}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {e.source ? (
            <Typography variant="subtitle2" component={Link} to={`/sources/${e.source.id}/show`} sx={{ display: 'block' }}>
              {e.source.title}
            </Typography>
          ) : null}
          {e.url && (
            <Typography variant="caption" component="a" href={e.url} target="_blank" rel="noreferrer noopener" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, wordBreak: 'break-all' }}>
              <LinkIcon fontSize="inherit" /> {e.url}
            </Typography>
          )}
        </Box>
        {!e.isPublic && (
          <Tooltip title="Newsroom only: public readers do not see this evidence">
            <VisibilityOffIcon fontSize="small" color="action" aria-label="Not public" />
          </Tooltip>
        )}
        {canEdit && (
          <>
            <IconButton size="small" aria-label="Edit evidence" onClick={() => setEditing(true)} disabled={isFetching}>
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label="Remove evidence" onClick={() => setRemoving(true)} disabled={isFetching}>
              <DeleteIcon fontSize="small" />
            </IconButton>
          </>
        )}
      </Stack>
      {e.excerpt && (
        <Typography variant="body2" component="blockquote" sx={{ m: 0, mt: 1, pl: 1.5, borderLeft: 3, borderColor: 'divider' }}>
          {e.excerpt}
        </Typography>
      )}
      {e.note && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Note: {e.note}
        </Typography>
      )}
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mt: 1 }}>
        <Tooltip title={`Reliability ${e.reliability} of 5`}>
          <span>
            <Rating value={e.reliability} max={5} size="small" readOnly aria-label={`Reliability ${e.reliability} of 5`} />
          </span>
        </Tooltip>
        <Typography variant="caption" color="text.secondary">
          {e.addedBy?.displayName ?? 'Someone'} · {formatInstant(e.createdAt)}
        </Typography>
      </Stack>
      <ReasonDialog
        open={removing}
        title="Remove this evidence"
        description="It leaves the claim; the history keeps it."
        label="Reason (optional)"
        required={false}
        confirmLabel="Remove"
        pending={pending || isFetching}
        onClose={() => setRemoving(false)}
        onConfirm={(reason) =>
          run(() => dp.removeEvidence(String(e.id), claim.version, reason || undefined), {
            success: 'Evidence removed',
            claimId: String(claim.id),
            seenVersion: claim.version,
          })
        }
      />
    </Paper>
  );
}

function EvidenceForm({ claim, evidence, initial, onDone }: { claim: RaRecord; evidence?: RaRecord; initial: Record<string, unknown>; onDone: () => void }) {
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run } = useRunAction();
  // Fixed for the life of the form: a new record object would reset what the user typed.
  const [record] = useState(initial);
  const submit = async (values: Record<string, unknown>) => {
    const version = claim.version;
    const ok = await run(
      () => (evidence ? dp.updateEvidence(String(evidence.id), version, values, record) : dp.addEvidence(String(claim.id), version, values)),
      { success: evidence ? 'Evidence updated' : 'Evidence added', claimId: String(claim.id), seenVersion: version },
    );
    if (ok) onDone();
  };
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1, borderColor: 'primary.main' }} aria-label={evidence ? 'Edit evidence' : 'New evidence'}>
      <Form record={record} onSubmit={submit} warnWhenUnsavedChanges>
        <SourceInput source="sourceId" label="Source" helperText="A catalogued source, a URL below, or both." />
        <TextInput source="url" label="URL" type="url" />
        <TextInput source="excerpt" label="Excerpt" multiline minRows={2} />
        <RadioButtonGroupInput source="stance" label="Stance" choices={choices(STANCE)} row />
        <NumberInput source="reliability" label="Reliability (1 weak – 5 authoritative)" min={1} max={5} step={1} />
        <TextInput source="note" label="Internal note" multiline />
        <BooleanInput source="isPublic" label="Public (readers see it once published)" />
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <SaveButton label={evidence ? 'Save evidence' : 'Add evidence'} alwaysEnable />
          <Button onClick={onDone}>Cancel</Button>
        </Stack>
      </Form>
    </Paper>
  );
}
