import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../server/domain/errors';
import {
  apiKeyInput,
  openDisputeInput,
  parseInput,
  reasonInput,
  resolveDisputeInput,
  updateActorInput,
  updateClaimInput,
  updateEvidenceInput,
  updateSourceInput,
  updateUserInput,
  verdictInput,
} from '../../server/domain/validation';

/**
 * The README's table of text lengths is what API clients plan by: every row is held to the rule
 * that enforces it, at both edges, so the table cannot drift from the code.
 */
const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** Each input of the table: the rule that checks it and the other fields it needs to pass. */
const INPUTS: Record<string, { schema: z.ZodType; rest?: Record<string, unknown> }> = {
  claim: { schema: updateClaimInput },
  verdict: { schema: verdictInput, rest: { verdict: 'FALSE', rationale: 'Deliveries were far above the cap.' } },
  'reason (reject, reopen, archive)': { schema: reasonInput },
  evidence: { schema: updateEvidenceInput },
  actor: { schema: updateActorInput },
  source: { schema: updateSourceInput },
  dispute: { schema: openDisputeInput, rest: { reason: 'The rating ignores the second report.' } },
  'dispute resolution': { schema: resolveDisputeInput, rest: { outcome: 'REJECTED', note: 'Checked again.' } },
  user: { schema: updateUserInput },
  'API key': { schema: apiKeyInput },
};

interface Row {
  input: string;
  field: string;
  min: number;
  max: number;
}

function documentedRows(): Row[] {
  const table = README.slice(README.indexOf('| Input | Field | Length |'));
  const rows: Row[] = [];
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [input, fields, length] = line.split('|').slice(1, 4).map((c) => c.trim());
    const range = /^(?:(\d[\d,]*)–|up to )(\d[\d,]*)$/.exec(length!);
    if (!range) throw new Error(`README length not understood: ${line}`);
    const number = (s: string | undefined) => (s === undefined ? 0 : Number(s.replace(/,/g, '')));
    for (const field of fields!.split(',').map((f) => f.trim().replace(/`/g, ''))) {
      rows.push({ input: input!, field, min: number(range[1]), max: number(range[2]) });
    }
  }
  return rows;
}

function outcome(input: string, field: string, value: string): 'accepted' | string {
  const { schema, rest } = INPUTS[input]!;
  try {
    parseInput(schema, { ...rest, [field]: value });
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return String((error as AppError).details.field);
  }
}

const rows = documentedRows();

test('the README documents a length for every text field clients write most', () => {
  expect(rows.length).toBeGreaterThanOrEqual(18);
  for (const row of rows) expect(Object.keys(INPUTS)).toContain(row.input);
});

test.each(rows.map((r) => [`${r.input} ${r.field}`, r] as const))('%s: the documented length is the enforced one', (_name, row) => {
  expect(outcome(row.input, row.field, 'x'.repeat(row.max))).toBe('accepted');
  expect(outcome(row.input, row.field, 'x'.repeat(row.max + 1))).toBe(`input.${row.field}`);
  if (row.min > 1) {
    expect(outcome(row.input, row.field, 'x'.repeat(row.min))).toBe('accepted');
    expect(outcome(row.input, row.field, 'x'.repeat(row.min - 1))).toBe(`input.${row.field}`);
  }
  // Surrounding whitespace and a byte-order mark are trimmed before the length is counted.
  expect(outcome(row.input, row.field, `\uFEFF ${'x'.repeat(row.max)} \n`)).toBe('accepted');
});
