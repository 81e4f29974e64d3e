import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mismatches, runVector, type Vector } from '../vectors/outcome';

/**
 * Every test vector of docs/verification-vectors/ through `npm run verify`'s code, with the
 * vector's own arguments: each must give exactly its documented outcome (exit status, code,
 * file, line and event named, digest, warnings). The Python reference verifier runs the same
 * vectors in CI (.ci/run: docs/verification-vectors/run.py).
 */
const DIR = path.resolve(__dirname, '../../docs/verification-vectors');
const { vectors } = JSON.parse(readFileSync(path.join(DIR, 'vectors.json'), 'utf8')) as { vectors: Vector[] };

test('the vectors cover what the specification promises an auditor', () => {
  const codes = new Set(vectors.map((v) => ('code' in v.expect ? v.expect.code : `exit ${v.expect.exit}`)));
  for (const code of [
    'BOM', 'BLANK_LINE', 'CRLF', 'TRUNCATED', 'NOT_JSON', 'NOT_CANONICAL', 'MISSING_FIELD', 'UNKNOWN_FIELD', 'BAD_FIELD',
    'CHAIN_MISMATCH', 'POSITION_MISMATCH', 'TIME_OUT_OF_ORDER', 'SEQUENCE_GAP', 'PREVIOUS_HASH_MISMATCH', 'HASH_MISMATCH',
    'REWRITTEN', 'CUT', 'HEADS_INVALID', 'DIGEST_MISMATCH', 'CHECKPOINT_MISMATCH', 'CHECKPOINT_AHEAD',
    'BAD_SIGNATURE', 'UNKNOWN_KEY', 'KEY_MISMATCH', 'FORK', 'ROLLED_BACK', 'UNLINKED', 'NO_CHECKPOINT', 'exit 0', 'exit 2',
  ]) {
    expect({ code, covered: codes.has(code) }).toEqual({ code, covered: true });
  }
  expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
});

test.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
  expect(mismatches(vector.expect, await runVector(vector, DIR))).toEqual([]);
});
