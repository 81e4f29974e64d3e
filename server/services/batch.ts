/** Orders batched rows to match DataLoader keys: one list per key, in key order. */
export function groupByKeys<K, R>(keys: readonly K[], found: readonly R[], keyOf: (r: R) => K): R[][] {
  const groups = new Map<K, R[]>(keys.map((k) => [k, []]));
  for (const r of found) groups.get(keyOf(r))?.push(r);
  return keys.map((k) => groups.get(k)!);
}

/** One row (or null) per DataLoader key, in key order. */
export function oneByKeys<K, R>(keys: readonly K[], found: readonly R[], keyOf: (r: R) => K): (R | null)[] {
  const byKey = new Map<K, R>(found.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}
