import { en } from './en';
import type { Messages } from './messages';
export const de: Messages = en; // STUB
