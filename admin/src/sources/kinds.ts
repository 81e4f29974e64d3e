import { SOURCE_KINDS, choices } from '../vocabulary';

/** A source's kind as a choice; react-admin shows it in the language showing. */
export const sourceKinds = choices('source_kind', SOURCE_KINDS);
