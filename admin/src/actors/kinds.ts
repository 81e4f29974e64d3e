import { ACTOR_KINDS, choices } from '../vocabulary';

/** An actor's kind as a choice; react-admin shows it in the language showing. */
export const actorKinds = choices('actor_kind', ACTOR_KINDS);
