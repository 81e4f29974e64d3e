import { Chip, type ChipProps, Tooltip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { useT } from '../i18n';
import {
  ATTRIBUTION_STATUS,
  DISPUTE_STATE,
  DISPUTE_STATUS,
  REVIEW_STATUS,
  STANCE,
  VERDICT,
  termLabel,
  type Look,
  type Vocabulary,
} from '../vocabulary';

/** One coloured chip for a state of the product, in the language showing; unknown values show as they are. */
function TermChip({
  vocabulary,
  looks,
  value,
  title,
  template,
  ...props
}: {
  vocabulary: Vocabulary;
  looks: Record<string, Look>;
  value?: string | null;
  title?: string;
  /** Puts the label in a sentence ("Attribution: %{value}"). */
  template?: (label: string) => string;
} & Omit<ChipProps, 'color'>) {
  const t = useT();
  if (!value) return null;
  const look = looks[value] ?? { tone: 'default' as const };
  const label = termLabel(t, vocabulary, value);
  const chip = (
    <Chip
      size="small"
      label={template ? template(label) : label}
      color={look.tone}
      variant={look.filled ? 'filled' : 'outlined'}
      data-value={value}
      sx={{ fontWeight: 500, ...props.sx }}
      {...props}
    />
  );
  return title ? <Tooltip title={title}>{chip}</Tooltip> : chip;
}

type ValueChip = { value?: string | null } & Omit<ChipProps, 'color'>;

export const StatusChip = (p: ValueChip) => <TermChip vocabulary="review_status" looks={REVIEW_STATUS} {...p} />;
export const VerdictChip = (p: ValueChip) => <TermChip vocabulary="verdict" looks={VERDICT} {...p} />;
/** Nothing for claims never disputed: the list stays quiet unless there is something to see. */
export const DisputeChip = ({ value, showNone, ...p }: ValueChip & { showNone?: boolean }) =>
  value === 'NONE' && !showNone ? null : <TermChip vocabulary="dispute_status" looks={DISPUTE_STATUS} value={value} {...p} />;
export const AttributionChip = ({ sentence, ...p }: ValueChip & { sentence?: boolean }) => {
  const t = useT();
  return (
    <TermChip
      vocabulary="attribution_status"
      looks={ATTRIBUTION_STATUS}
      title={t('app.claim.attribution_tooltip')}
      template={sentence ? (value) => t('app.claim.attribution_chip', { value }) : undefined}
      {...p}
    />
  );
};
export const StanceChip = (p: ValueChip) => <TermChip vocabulary="stance" looks={STANCE} {...p} />;
export const DisputeStateChip = (p: ValueChip) => <TermChip vocabulary="dispute_state" looks={DISPUTE_STATE} {...p} />;

/** Field versions that read the current record, for list columns. */
const field = (Chip: (p: ValueChip) => React.ReactNode, source: string) => {
  const F = () => {
    const record = useRecordContext();
    return <Chip value={record?.[source] as string | null} />;
  };
  F.displayName = `${source}Field`;
  return F;
};

export const StatusField = field(StatusChip, 'reviewStatus');
export const VerdictField = field(VerdictChip, 'verdict');
export const DisputeField = field(DisputeChip, 'disputeStatus');
export const AttributionField = field(AttributionChip, 'attributionStatus');
