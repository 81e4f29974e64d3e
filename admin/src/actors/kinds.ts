import { ACTOR_KINDS } from '../vocabulary';

export const actorKinds = ACTOR_KINDS.map((k) => ({ id: k, name: k.charAt(0) + k.slice(1).toLowerCase() }));
export const actorKindLabel = (kind: unknown) => actorKinds.find((k) => k.id === kind)?.name ?? String(kind ?? '');
