import { Checkbox, TableCell, TableRow } from '@mui/material';
import type { MouseEvent, ReactNode } from 'react';
import {
  DataTableBody,
  DataTableClasses,
  Link,
  useDataTableCallbacksContext,
  useDataTableConfigContext,
  useDataTableSelectedIdsContext,
  useGetPathForRecordCallback,
  useNavigate,
  useRecordContext,
  useResourceContext,
  type RaRecord,
} from 'react-admin';
import { useT, type Translate } from '../i18n';

/**
 * Lists a keyboard can use. A row's click is a mouse shortcut only: each list's first column
 * holds a real link to the record (RowLink), so Tab reaches every row and Enter opens it, and a
 * screen reader hears what it opens. Where rows can be selected, each checkbox is named after its
 * record (react-admin's says "Select this row", on the wrong element).
 */

/** The record's page as a link, for the cell that names the record; its click is the row's click. */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} onClick={(e: MouseEvent) => e.stopPropagation()} sx={{ color: 'inherit', textDecorationColor: 'currentColor' }}>
      {children}
    </Link>
  );
}

/**
 * A DataTable body whose rows' checkboxes say which record they select (`label(record)`);
 * otherwise react-admin's row: a click opens `rowClick`, a selected row is marked.
 */
export function bodyWithNamedCheckboxes(label: (record: RaRecord, t: Translate) => string) {
  const Row = ({ children, className }: { children?: ReactNode; className?: string }) => {
    const record = useRecordContext();
    const resource = useResourceContext();
    const { hasBulkActions = false } = useDataTableConfigContext();
    const { handleToggleItem, isRowSelectable, rowClick } = useDataTableCallbacksContext();
    const selectedIds = useDataTableSelectedIdsContext();
    const pathFor = useGetPathForRecordCallback();
    const navigate = useNavigate();
    const t = useT();
    if (!record || !resource) return null;
    const selectable = !isRowSelectable || isRowSelectable(record);
    const open = async () => {
      const link = typeof rowClick === 'function' ? await rowClick(record.id, resource, record) : rowClick;
      const path = await pathFor({ record, resource, link });
      if (path) navigate(path, { state: { _scrollToTop: true } });
    };
    return (
      <TableRow hover className={`${className ?? ''} ${DataTableClasses.clickableRow} ${selectable ? DataTableClasses.selectable : ''}`} onClick={open}>
        {hasBulkActions && handleToggleItem && (
          <TableCell padding="checkbox">
            <Checkbox
              color="primary"
              className={`select-item ${DataTableClasses.checkbox}`}
              checked={selectable && !!selectedIds?.includes(record.id)}
              disabled={!selectable}
              onClick={(e) => {
                e.stopPropagation();
                if (selectable) handleToggleItem(record.id, e);
              }}
              slotProps={{ input: { 'aria-label': label(record, t) } }}
            />
          </TableCell>
        )}
        {children}
      </TableRow>
    );
  };
  const Body = (props: { children?: ReactNode }) => <DataTableBody {...props} row={Row} />;
  return Body;
}
