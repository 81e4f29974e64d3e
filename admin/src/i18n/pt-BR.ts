import { en } from './en';
import type { Messages } from './messages';
export const ptBR: Messages = en; // STUB
