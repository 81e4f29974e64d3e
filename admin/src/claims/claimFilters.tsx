import { Chip } from '@mui/material';
import { AutocompleteInput, DateInput, ReferenceInput, SearchInput, SelectArrayInput, SelectInput } from 'react-admin';
import { useT, type MessageKey, type Translate } from '../i18n';
import { ATTRIBUTION_STATUSES, DISPUTE_STATUSES, REVIEW_STATUSES, VERDICTS, choices, fieldLabel } from '../vocabulary';

/** A filter that is on or off, shown as a chip (react-admin demo's QuickFilter). */
const QuickFilter = ({ label }: { label: string; source: string; defaultValue: unknown }) => <Chip sx={{ mb: 1 }} label={label} />;

/** Each filter's name as the list shows it (the export menu names the ones it cannot apply). */
const LABEL: Record<string, MessageKey> = {
  q: 'app.claim_list.search',
  reviewStatus: 'app.field.reviewStatus',
  assignedToMe: 'app.claim_list.assigned_to_me',
  verdict: 'app.field.verdict',
  disputeStatus: 'app.claim_list.dispute',
  attributionStatus: 'app.field.attributionStatus',
  claimantId: 'app.field.claimantId',
  topic: 'app.claim_list.topic',
  claimedFrom: 'app.claim_list.claimed_from',
  claimedTo: 'app.claim_list.claimed_to',
};
/** Filters set by links (a source's claims …) have no input of their own; their field label names them. */
export const claimFilterLabel = (t: Translate, source: string): string => (LABEL[source] ? t(LABEL[source]) : fieldLabel(t, source));

/**
 * The claims list's filters; each maps onto one field of the API's ClaimFilter
 * (dataProvider/mapping.ts). Search and status stay visible; the rest are added from "Add filter".
 */
export function useClaimFilters() {
  const t = useT();
  const label = (source: string) => claimFilterLabel(t, source);
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('app.claim_list.search_placeholder')} sx={{ minWidth: 300 }} />,
    <SelectArrayInput key="reviewStatus" source="reviewStatus" label={label('reviewStatus')} choices={choices('review_status', REVIEW_STATUSES)} alwaysOn sx={{ minWidth: 180 }} />,
    <QuickFilter key="assignedToMe" source="assignedToMe" label={label('assignedToMe')} defaultValue={true} />,
    <SelectArrayInput key="verdict" source="verdict" label={label('verdict')} choices={choices('verdict', VERDICTS)} sx={{ minWidth: 180 }} />,
    <SelectArrayInput key="disputeStatus" source="disputeStatus" label={label('disputeStatus')} choices={choices('dispute_status', DISPUTE_STATUSES)} sx={{ minWidth: 180 }} />,
    <SelectArrayInput
      key="attributionStatus"
      source="attributionStatus"
      label={label('attributionStatus')}
      choices={choices('attribution_status', ATTRIBUTION_STATUSES)}
      sx={{ minWidth: 180 }}
    />,
    <ReferenceInput key="claimantId" source="claimantId" reference="actors" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput label={label('claimantId')} optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
    </ReferenceInput>,
    <ReferenceInput key="topic" source="topic" reference="topics" sort={{ field: 'name', order: 'ASC' }} perPage={500}>
      <SelectInput label={label('topic')} optionText="name" sx={{ minWidth: 160 }} />
    </ReferenceInput>,
    <DateInput key="claimedFrom" source="claimedFrom" label={label('claimedFrom')} />,
    <DateInput key="claimedTo" source="claimedTo" label={label('claimedTo')} />,
  ];
}
