import { useCallback } from 'react';
import { useNotify, type NotificationOptions } from 'react-admin';

/**
 * react-admin's notify for text already in the reader's language (a translated message, an
 * explained error): react-admin looks every notification up as a message key, so the text goes
 * as its own default and shows as it is.
 */
export function useNotifyText() {
  const notify = useNotify();
  return useCallback((text: string, options: NotificationOptions = {}) => notify(text, { ...options, messageArgs: { ...options.messageArgs, _: text } }), [notify]);
}
