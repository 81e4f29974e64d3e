import BlockIcon from '@mui/icons-material/Block';
import { Button, Chip } from '@mui/material';
import { useState } from 'react';
import { Confirm, DataTable, List, useDataProvider, useRecordContext } from 'react-admin';
import { formatInstant } from '../common/format';
import { useRunAction } from '../common/useRunAction';
import type { ClaimLedgerDataProvider } from '../dataProvider';

const RevokeButton = () => {
  const key = useRecordContext();
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { run, pending } = useRunAction();
  const [open, setOpen] = useState(false);
  if (!key || key.revokedAt) return null;
  return (
    <>
      <Button size="small" color="error" startIcon={<BlockIcon />} onClick={(e) => (e.stopPropagation(), setOpen(true))}>
        Revoke
      </Button>
      <Confirm
        isOpen={open}
        loading={pending}
        title={`Revoke “${key.name}”?`}
        content="Apps using this key lose access at once. This cannot be undone; create a new key instead."
        confirm="Revoke"
        onConfirm={async () => {
          await run(() => dp.revokeApiKey(String(key.id)), { success: `“${key.name}” revoked` });
          setOpen(false);
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** Client apps' keys: public read access, identified by name and prefix, revocable at once. */
export const ApiKeyList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} title="API keys" exporter={false}>
    <DataTable bulkActionButtons={false}>
      <DataTable.Col source="name" label="Name" />
      <DataTable.Col source="prefix" label="Key starts with" render={(k) => <code>{k.prefix}…</code>} />
      <DataTable.Col source="createdBy.displayName" label="Created by" disableSort />
      <DataTable.Col source="createdAt" label="Created" render={(k) => formatInstant(k.createdAt)} />
      <DataTable.Col source="lastUsedAt" label="Last used" render={(k) => formatInstant(k.lastUsedAt) || 'never'} />
      <DataTable.Col label="State" disableSort render={(k) => (k.revokedAt ? <Chip size="small" label={`Revoked ${formatInstant(k.revokedAt)}`} /> : <Chip size="small" color="success" label="Active" />)} />
      <DataTable.Col label="" disableSort>
        <RevokeButton />
      </DataTable.Col>
    </DataTable>
  </List>
);
