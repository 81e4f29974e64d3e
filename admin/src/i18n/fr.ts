import { en } from './en';
import type { Messages } from './messages';
export const fr: Messages = en; // STUB
