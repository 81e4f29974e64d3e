import { SOURCE_KINDS } from '../vocabulary';

export const sourceKinds = SOURCE_KINDS.map((k) => ({ id: k, name: (k.charAt(0) + k.slice(1).toLowerCase()).replace('_', ' ') }));
export const sourceKindLabel = (kind: unknown) => sourceKinds.find((k) => k.id === kind)?.name ?? String(kind ?? '');
