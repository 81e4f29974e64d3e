import { Chip } from '@mui/material';
import { AutocompleteInput, DateInput, ReferenceInput, SearchInput, SelectArrayInput, SelectInput } from 'react-admin';
import { ATTRIBUTION_STATUS, DISPUTE_STATUS, REVIEW_STATUS, VERDICT, choices, fieldLabel } from '../vocabulary';

/** A filter that is on or off, shown as a chip (react-admin demo's QuickFilter). */
const QuickFilter = ({ label }: { label: string; source: string; defaultValue: unknown }) => <Chip sx={{ mb: 1 }} label={label} />;

/** Each filter's name as the list shows it (the export menu names the ones it cannot apply). */
const L = {
  q: 'Search',
  reviewStatus: 'Status',
  assignedToMe: 'Assigned to me',
  verdict: 'Verdict',
  disputeStatus: 'Dispute',
  attributionStatus: 'Attribution',
  claimantId: 'Claimant',
  topic: 'Topic',
  claimedFrom: 'Claimed from',
  claimedTo: 'Claimed until',
} as const;
/** Filters set by links (a source's claims …) have no input of their own; their field label names them. */
export const claimFilterLabel = (source: string): string => (L as Record<string, string | undefined>)[source] ?? fieldLabel(source);

/**
 * The claims list's filters; each maps onto one field of the API's ClaimFilter
 * (dataProvider/mapping.ts). Search and status stay visible; the rest are added from "Add filter".
 */
export const claimFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search statements, quotes, context" sx={{ minWidth: 300 }} />,
  <SelectArrayInput key="reviewStatus" source="reviewStatus" label={L.reviewStatus} choices={choices(REVIEW_STATUS)} alwaysOn sx={{ minWidth: 180 }} />,
  <QuickFilter key="assignedToMe" source="assignedToMe" label={L.assignedToMe} defaultValue={true} />,
  <SelectArrayInput key="verdict" source="verdict" label={L.verdict} choices={choices(VERDICT)} sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="disputeStatus" source="disputeStatus" label={L.disputeStatus} choices={choices(DISPUTE_STATUS)} sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="attributionStatus" source="attributionStatus" label={L.attributionStatus} choices={choices(ATTRIBUTION_STATUS)} sx={{ minWidth: 180 }} />,
  <ReferenceInput key="claimantId" source="claimantId" reference="actors" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label={L.claimantId} optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <ReferenceInput key="topic" source="topic" reference="topics" sort={{ field: 'name', order: 'ASC' }} perPage={500}>
    <SelectInput label={L.topic} optionText="name" sx={{ minWidth: 160 }} />
  </ReferenceInput>,
  <DateInput key="claimedFrom" source="claimedFrom" label={L.claimedFrom} />,
  <DateInput key="claimedTo" source="claimedTo" label={L.claimedTo} />,
];
