import BlockIcon from '@mui/icons-material/Block';
import { Button, Chip } from '@mui/material';
import { useState } from 'react';
import { Confirm, DataTable, List, useDataProvider, useRecordContext } from 'react-admin';
import { useFormats } from '../common/format';
import { UserText } from '../common/userText';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';
import { useT } from '../i18n';

const RevokeButton = () => {
  const t = useT();
  const key = useRecordContext();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  const [open, setOpen] = useState(false);
  if (!key || key.revokedAt) return null;
  return (
    <>
      <Button size="small" color="error" startIcon={<BlockIcon />} onClick={(e) => (e.stopPropagation(), setOpen(true))}>
        {t('app.api_keys.revoke')}
      </Button>
      <Confirm
        isOpen={open}
        loading={pending}
        title={t('app.api_keys.revoke_title', { name: key.name })}
        content={t('app.api_keys.revoke_content')}
        confirm={t('app.api_keys.revoke')}
        onConfirm={async () => {
          await run(() => dp.revokeApiKey(String(key.id)), { success: t('app.api_keys.revoked', { name: key.name }) });
          setOpen(false);
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** Client apps' keys: public read access, identified by name and prefix, revocable at once. */
export const ApiKeyList = () => {
  const t = useT();
  const f = useFormats();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
      <DataTable bulkActionButtons={false}>
        <DataTable.Col source="name" label={t('app.field.name')} render={(k) => <UserText>{k.name}</UserText>} />
        <DataTable.Col source="prefix" label={t('app.api_keys.starts_with')} render={(k) => <code>{k.prefix}…</code>} />
        <DataTable.Col source="createdBy.displayName" label={t('app.api_keys.created_by')} disableSort render={(k) => (k.createdBy ? <UserText>{k.createdBy.displayName}</UserText> : null)} />
        <DataTable.Col source="createdAt" label={t('app.api_keys.created_on')} render={(k) => f.instant(k.createdAt)} />
        <DataTable.Col source="lastUsedAt" label={t('app.api_keys.last_used')} render={(k) => f.instant(k.lastUsedAt) || t('app.common.never')} />
        <DataTable.Col
          label={t('app.api_keys.state')}
          disableSort
          render={(k) =>
            k.revokedAt ? <Chip size="small" label={t('app.api_keys.revoked_on', { when: f.instant(k.revokedAt) })} /> : <Chip size="small" color="success" label={t('app.api_keys.active')} />
          }
        />
        <DataTable.Col label={t('app.api_keys.revoke')} disableSort>
          <RevokeButton />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
