import { en } from './en';
import type { Messages } from './messages';
export const ar: Messages = en; // STUB
