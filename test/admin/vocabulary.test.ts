import { getMetadataArgsStorage } from 'typeorm';
import { FIELD_LABEL, HISTORY_ACTION, historyActionLabel } from '../../admin/src/vocabulary';
import { entities } from '../../server/db/entities';
import { HISTORY_ACTIONS } from '../../server/domain/history';

/**
 * The admin UI's words for what history records. The compiler holds the action labels to the
 * server's HistoryAction union; these tests show what that gives a reader of a timeline or the
 * audit log, and hold the field labels to the columns that exist.
 */
test('every action history records has a label, and the audit-log filter offers exactly those actions', () => {
  expect(Object.keys(HISTORY_ACTION).sort()).toEqual([...HISTORY_ACTIONS].sort());
  for (const action of HISTORY_ACTIONS) expect(historyActionLabel(action)).not.toBe(action);
});

test('an imported claim reads as imported', () => {
  expect(historyActionLabel('importClaim')).toBe('imported the claim');
  // An action this app does not know (a newer server's) shows as recorded.
  expect(historyActionLabel('mergeClaims')).toBe('mergeClaims');
});

test('every field label names a column of an entity whose changes history records, or the claim topics', () => {
  const recorded = new Set(entities.map((e) => e.name));
  const columns = new Set(
    getMetadataArgsStorage()
      .columns.filter((c) => typeof c.target === 'function' && recorded.has(c.target.name))
      .map((c) => c.propertyName),
  );
  expect(Object.keys(FIELD_LABEL).filter((field) => field !== 'topics' && !columns.has(field))).toEqual([]);
});
