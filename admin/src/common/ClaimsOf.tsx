import { DataTable, Pagination, ReferenceManyField } from 'react-admin';
import { useT } from '../i18n';
import { DisputeField, StatusField, VerdictField } from './chips';
import { shorten, useFormats } from './format';
import { RowLink } from './tables';
import { UserText } from './userText';

/** Claims that point at this record (claimantId, firstAppearanceId), newest first, paged. */
export const ClaimsOf = ({ target }: { target: 'claimantId' | 'firstAppearanceId' }) => {
  const t = useT();
  const f = useFormats();
  return (
    <ReferenceManyField reference="claims" target={target} sort={{ field: 'createdAt', order: 'DESC' }} perPage={10} pagination={<Pagination rowsPerPageOptions={[10, 25]} />}>
      <DataTable rowClick="show" bulkActionButtons={false} empty={<span>{t('app.claims_of.none')}</span>}>
        <DataTable.Col source="text" label={t('app.claim_list.claim')} disableSort render={(r) => (
            <RowLink to={`/claims/${r.id}/show`}>
              <UserText lang={r.language}>{shorten(r.text, 120, r.language)}</UserText>
            </RowLink>
          )}
        />
        <DataTable.Col source="reviewStatus" label={t('app.field.reviewStatus')} disableSort field={StatusField} />
        <DataTable.Col source="verdict" label={t('app.field.verdict')} disableSort field={VerdictField} />
        <DataTable.Col source="disputeStatus" label={t('app.claim_list.dispute')} disableSort field={DisputeField} />
        <DataTable.Col source="claimedOn" label={t('app.claim_list.claimed')} disableSort render={(r) => f.day(r.claimedOn)} />
      </DataTable>
    </ReferenceManyField>
  );
};
