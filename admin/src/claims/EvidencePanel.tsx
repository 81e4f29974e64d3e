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
import { cancelOnEscape, focusAfterClose } from '../common/focus';
import { useFormats } from '../common/format';
import { UserText, userText } from '../common/userText';
import { ReasonDialog } from '../common/ReasonDialog';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { useT } from '../i18n';
import { STANCE, STANCES, choices, termLabel, type Stance } from '../vocabulary';

/**
 * The evidence of a claim in three columns by stance (supports / refutes / context), added,
 * edited and removed in place while the claim is a draft or in review. Forms keep their text
 * when the server refuses; the claim version sent is the one on screen.
 */
export function EvidencePanel({ readOnly }: { readOnly?: boolean }) {
  const t = useT();
  const claim = useRecordContext();
  const { isFetching } = useShowContext();
  const [adding, setAdding] = useState<Stance | null>(null);
  if (!claim) return null;
  const evidence = (claim.evidence ?? []) as RaRecord[];
  const canEdit = !readOnly && (claim.nextActions ?? []).includes('EDIT_EVIDENCE');

  return (
    <Card component="section" aria-labelledby="evidence-title">
      <CardContent>
        <Typography variant="h6" component="h3" id="evidence-title" gutterBottom>
          {t('app.evidence.title', { count: evidence.length })}
        </Typography>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'repeat(3, 1fr)' } }}>
          {STANCES.map((stance) => {
            const items = evidence.filter((e) => e.stance === stance);
            const label = termLabel(t, 'stance', stance);
            return (
              <Box
                key={stance}
                component="section"
                id={`evidence-${stance}`}
                tabIndex={-1}
                aria-label={t('app.evidence.column', { stance: label, count: items.length })}
                data-stance={stance}
              >
                <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
                  <Chip size="small" color={STANCE[stance].tone} label={`${label} · ${items.length}`} />
                  <Box sx={{ flex: 1 }} />
                  {canEdit && adding !== stance && (
                    <Button
                      id={`add-evidence-${stance}`}
                      size="small"
                      startIcon={<AddIcon />}
                      onClick={() => setAdding(stance)}
                      disabled={isFetching}
                      aria-label={t(`app.evidence.add.${stance}`)}
                    >
                      {t('ra.action.add')}
                    </Button>
                  )}
                </Stack>
                {adding === stance && (
                  <EvidenceForm
                    claim={claim}
                    initial={{ stance, reliability: 3, isPublic: true }}
                    onDone={(saved) => {
                      setAdding(null);
                      // Saved: to the column that now lists it; cancelled: back to its button.
                      focusAfterClose(saved ? `evidence-${stance}` : `add-evidence-${stance}`);
                    }}
                  />
                )}
                {items.map((e) => (
                  <EvidenceItem key={e.id} claim={claim} evidence={e} canEdit={canEdit} />
                ))}
                {!items.length && adding !== stance && (
                  <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
                    {t('app.evidence.none_yet')}
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
  const t = useT();
  const f = useFormats();
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
              <UserText>{e.source.title}</UserText>
            </Typography>
          ) : null}
          {e.url && (
            <Typography variant="caption" component="a" href={e.url} target="_blank" rel="noreferrer noopener" dir="ltr" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, wordBreak: 'break-all' }}>
              <LinkIcon fontSize="inherit" /> {e.url}
            </Typography>
          )}
        </Box>
        {!e.isPublic && (
          <Tooltip title={t('app.evidence.not_public_tooltip')}>
            <VisibilityOffIcon fontSize="small" color="action" aria-label={t('app.evidence.not_public')} />
          </Tooltip>
        )}
        {canEdit && (
          <>
            <IconButton size="small" aria-label={t('app.evidence.edit')} onClick={() => setEditing(true)} disabled={isFetching}>
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label={t('app.evidence.remove')} onClick={() => setRemoving(true)} disabled={isFetching}>
              <DeleteIcon fontSize="small" />
            </IconButton>
          </>
        )}
      </Stack>
      {e.excerpt && (
        <Typography
          variant="body2"
          component="blockquote"
          {...userText()}
          sx={{ m: 0, mt: 1, paddingInlineStart: 1.5, borderInlineStart: (theme) => `3px solid ${theme.palette.divider}` }}
        >
          {e.excerpt}
        </Typography>
      )}
      {e.note && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('app.evidence.note')} <UserText>{e.note}</UserText>
        </Typography>
      )}
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mt: 1 }}>
        <Tooltip title={t('app.evidence.reliability', { value: f.number(e.reliability) })}>
          <span>
            <Rating value={e.reliability} max={5} size="small" readOnly aria-label={t('app.evidence.reliability', { value: f.number(e.reliability) })} />
          </span>
        </Tooltip>
        <Typography variant="caption" color="text.secondary">
          {e.addedBy ? <UserText>{e.addedBy.displayName}</UserText> : t('app.common.someone')} · {f.instant(e.createdAt)}
        </Typography>
      </Stack>
      <ReasonDialog
        open={removing}
        title={t('app.evidence.remove_title')}
        description={t('app.evidence.remove_description')}
        label={t('app.common.reason_optional')}
        required={false}
        confirmLabel={t('ra.action.remove')}
        pending={pending || isFetching}
        onClose={() => setRemoving(false)}
        onConfirm={(reason) =>
          run(() => dp.removeEvidence(String(e.id), claim.version, reason || undefined), {
            success: t('app.evidence.removed'),
            claimId: String(claim.id),
            seenVersion: claim.version,
          })
        }
      />
    </Paper>
  );
}

function EvidenceForm({ claim, evidence, initial, onDone }: { claim: RaRecord; evidence?: RaRecord; initial: Record<string, unknown>; onDone: (saved: boolean) => void }) {
  const t = useT();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run } = useRunAction();
  // While the claim reloads (after a conflict's "Reload, keep my text", say) its version on
  // screen is about to change: saving then would send the old one and earn the conflict again.
  const { isFetching } = useShowContext();
  // Fixed for the life of the form: a new record object would reset what the user typed.
  const [record] = useState(initial);
  const submit = async (values: Record<string, unknown>) => {
    const version = claim.version;
    const ok = await run(
      () => (evidence ? dp.updateEvidence(String(evidence.id), version, values, record) : dp.addEvidence(String(claim.id), version, values)),
      { success: evidence ? t('app.evidence.updated') : t('app.evidence.added'), claimId: String(claim.id), seenVersion: version },
    );
    if (ok) onDone(true);
  };
  return (
    <Paper
      variant="outlined"
      role="group"
      sx={{ p: 1.5, mb: 1, borderColor: 'primary.main' }}
      aria-label={evidence ? t('app.evidence.edit') : t('app.evidence.new')}
      onKeyDown={cancelOnEscape(() => onDone(false))}
    >
      <Form record={record} onSubmit={submit} warnWhenUnsavedChanges>
        <SourceInput source="sourceId" label={t('app.field.sourceId')} helperText={t('app.evidence.source_help')} />
        <TextInput source="url" label={t('app.field.url')} type="url" />
        <TextInput source="excerpt" label={t('app.field.excerpt')} multiline minRows={2} inputProps={{ dir: 'auto' }} />
        <RadioButtonGroupInput source="stance" label={t('app.field.stance')} choices={choices('stance', STANCES)} row />
        <NumberInput source="reliability" label={t('app.evidence.reliability_input')} min={1} max={5} step={1} />
        <TextInput source="note" label={t('app.field.internalNote')} multiline inputProps={{ dir: 'auto' }} />
        <BooleanInput source="isPublic" label={t('app.evidence.public_input')} />
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <SaveButton label={evidence ? t('app.evidence.save') : t('app.evidence.add_evidence')} alwaysEnable={!isFetching} disabled={isFetching} />
          <Button onClick={() => onDone(false)}>{t('ra.action.cancel')}</Button>
        </Stack>
      </Form>
    </Paper>
  );
}
