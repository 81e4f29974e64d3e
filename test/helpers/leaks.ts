/** What must never reach a client, whatever went wrong. */
export const LEAKS: [string, RegExp][] = [
  ['a stack trace', /stacktrace|\bat [\w.<>$]+ \(|\n\s+at /i],
  ['a source location', /\.(ts|js|mjs|cjs):\d+/],
  ['a dependency path', /node_modules/],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WHERE)\b/],
  ['a table name', /\b(history_events|api_keys|claim_topics|sessions|claims|evidence|disputes|actors|sources|users|topics)\b/],
  // graphql-js's own "Value … does not exist in "X" enum" is not one.
  ['a driver message', /QueryFailedError|pg-protocol|typeorm|postgres|relation "|violates|duplicate key|does not exist(?! in \\?"\w+\\?" enum)/i],
  ['a PostgreSQL error prefix', /ERROR:|HINT:|DETAIL:/],
];

interface ErrorBody {
  errors?: { path?: unknown }[];
}

/** Fails when a response body leaks any of LEAKS; each error's `path` (public field names such as `claims`) is not scanned. */
export function expectNoLeak(text: string): void {
  let scanned = text;
  try {
    const json = JSON.parse(text) as ErrorBody;
    scanned = JSON.stringify({ ...json, errors: json.errors?.map((e) => ({ ...e, path: undefined })) });
  } catch {
    // Not JSON: scan it as it is.
  }
  for (const [what, pattern] of LEAKS) {
    if (pattern.test(scanned)) throw new Error(`the response leaks ${what} (${pattern}): ${text.slice(0, 500)}`);
  }
}
