import { Chip, type ChipProps, Tooltip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import {
  ATTRIBUTION_STATUS,
  DISPUTE_STATE,
  DISPUTE_STATUS,
  REVIEW_STATUS,
  STANCE,
  VERDICT,
  type Tone,
} from '../vocabulary';

interface Term {
  label: string;
  tone: Tone;
  filled?: boolean;
}

/** One coloured chip for a state of the product; unknown values show as they are. */
function TermChip({
  terms,
  value,
  title,
  prefix,
  ...props
}: { terms: Record<string, Term>; value?: string | null; title?: string; prefix?: string } & Omit<ChipProps, 'color'>) {
  if (!value) return null;
  const term = terms[value] ?? { label: value, tone: 'default' as const };
  const chip = (
    <Chip
      size="small"
      label={prefix ? `${prefix}${term.label.toLowerCase()}` : term.label}
      color={term.tone}
      variant={term.filled ? 'filled' : 'outlined'}
      data-value={value}
      sx={{ fontWeight: 500, ...props.sx }}
      {...props}
    />
  );
  return title ? <Tooltip title={title}>{chip}</Tooltip> : chip;
}

type ValueChip = { value?: string | null; prefix?: string } & Omit<ChipProps, 'color'>;

export const StatusChip = (p: ValueChip) => <TermChip terms={REVIEW_STATUS} {...p} />;
export const VerdictChip = (p: ValueChip) => <TermChip terms={VERDICT} {...p} />;
/** Nothing for claims never disputed: the list stays quiet unless there is something to see. */
export const DisputeChip = ({ value, showNone, ...p }: ValueChip & { showNone?: boolean }) =>
  value === 'NONE' && !showNone ? null : <TermChip terms={DISPUTE_STATUS} value={value} {...p} />;
export const AttributionChip = (p: ValueChip) => <TermChip terms={ATTRIBUTION_STATUS} title="Was it said? (apart from whether it is true)" {...p} />;
export const StanceChip = (p: ValueChip) => <TermChip terms={STANCE} {...p} />;
export const DisputeStateChip = (p: ValueChip) => <TermChip terms={DISPUTE_STATE} {...p} />;

/** Field versions that read the current record, for list columns. */
const field = (Chip: (p: ValueChip) => React.ReactNode, source: string) => {
  const F = () => {
    const record = useRecordContext();
    return <>{Chip({ value: record?.[source] as string | null })}</>;
  };
  F.displayName = `${source}Field`;
  return F;
};

export const StatusField = field(StatusChip, 'reviewStatus');
export const VerdictField = field(VerdictChip, 'verdict');
export const DisputeField = field(DisputeChip, 'disputeStatus');
export const AttributionField = field(AttributionChip, 'attributionStatus');
