import { getMetadataArgsStorage } from 'typeorm';
import { en } from '../../admin/src/i18n/en';
import { translatorFor } from '../../admin/src/i18n/catalogues';
import { fieldLabel, historyActionLabel } from '../../admin/src/vocabulary';
import { entities } from '../../server/db/entities';
import { HISTORY_ACTIONS } from '../../server/domain/history';

/**
 * The admin UI's words for what history records. The compiler holds the action labels to the
 * server's HistoryAction union; these tests show what that gives a reader of a timeline or the
 * audit log, and hold the field labels to the columns that exist.
 */
const t = translatorFor('en');

test('every action history records has a label, and the audit-log filter offers exactly those actions', () => {
  expect(Object.keys(en.app.history_action).sort()).toEqual([...HISTORY_ACTIONS].sort());
  for (const action of HISTORY_ACTIONS) expect(historyActionLabel(t, action)).not.toBe(action);
});

test('an imported claim reads as imported', () => {
  expect(historyActionLabel(t, 'importClaim')).toBe('imported the claim');
  // An action this app does not know (a newer server's) shows as recorded.
  expect(historyActionLabel(t, 'mergeClaims')).toBe('mergeClaims');
});

test("a field of another record reads with its owner's name; an unknown field as recorded", () => {
  expect(fieldLabel(t, 'claim.disputeStatus')).toBe('Claim: Dispute status');
  const fr = translatorFor('fr');
  expect(fieldLabel(fr, 'claim.disputeStatus')).toMatch(new RegExp(`^${fr('app.history_entity.CLAIM')}.+${fr('app.field.disputeStatus')}$`));
  expect(fieldLabel(t, 'someNewField')).toBe('someNewField');
});

test('every field label names a column of an entity whose changes history records, or the claim topics', () => {
  const recorded = new Set(entities.map((e) => e.name));
  const columns = new Set(
    getMetadataArgsStorage()
      .columns.filter((c) => typeof c.target === 'function' && recorded.has(c.target.name))
      .map((c) => c.propertyName),
  );
  // password is recorded as a redacted change, not a column.
  expect(Object.keys(en.app.field).filter((field) => !['topics', 'password'].includes(field) && !columns.has(field))).toEqual([]);
});
