import { Chip } from '@mui/material';
import { AutocompleteInput, DateInput, ReferenceInput, SearchInput, SelectArrayInput, SelectInput } from 'react-admin';
import { ATTRIBUTION_STATUS, DISPUTE_STATUS, REVIEW_STATUS, VERDICT, choices } from '../vocabulary';

/** A filter that is on or off, shown as a chip (react-admin demo's QuickFilter). */
const QuickFilter = ({ label }: { label: string; source: string; defaultValue: unknown }) => <Chip sx={{ mb: 1 }} label={label} />;

/**
 * The claims list's filters; each maps onto one field of the API's ClaimFilter
 * (dataProvider/mapping.ts). Search and status stay visible; the rest are added from "Add filter".
 */
export const claimFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search statements, quotes, context" sx={{ minWidth: 300 }} />,
  <SelectArrayInput key="reviewStatus" source="reviewStatus" label="Status" choices={choices(REVIEW_STATUS)} alwaysOn sx={{ minWidth: 180 }} />,
  <QuickFilter key="assignedToMe" source="assignedToMe" label="Assigned to me" defaultValue={true} />,
  <SelectArrayInput key="verdict" source="verdict" label="Verdict" choices={choices(VERDICT)} sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="disputeStatus" source="disputeStatus" label="Dispute" choices={choices(DISPUTE_STATUS)} sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="attributionStatus" source="attributionStatus" label="Attribution" choices={choices(ATTRIBUTION_STATUS)} sx={{ minWidth: 180 }} />,
  <ReferenceInput key="claimantId" source="claimantId" reference="actors" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label="Claimant" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <ReferenceInput key="topic" source="topic" reference="topics" sort={{ field: 'name', order: 'ASC' }} perPage={500}>
    <SelectInput label="Topic" optionText="name" sx={{ minWidth: 160 }} />
  </ReferenceInput>,
  <DateInput key="claimedFrom" source="claimedFrom" label="Claimed from" />,
  <DateInput key="claimedTo" source="claimedTo" label="Claimed until" />,
];
