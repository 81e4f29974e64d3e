import { useEffect } from 'react';
import { useGetIdentity, useLocaleState } from 'react-admin';
import { accountLocale } from '../authProvider';
import { isUiLocale } from '../i18n';
import { browserSession } from '../session';

/**
 * Shows the app in the language saved with the account: at login, on a reload, and when `me`
 * brings a choice made on another device. It reads the session rather than the identity react-admin
 * caches, which the language menu's choice reaches only at the next look at `me`.
 */
export function AccountLocale() {
  const { identity } = useGetIdentity();
  const [locale, setLocale] = useLocaleState();
  const known = identity?.locale as string | null | undefined;
  useEffect(() => {
    const chosen = accountLocale(browserSession);
    if (isUiLocale(chosen) && chosen !== locale) setLocale(chosen);
    // Only when the account's word changes, not `locale`: the language menu changes that on purpose.
  }, [known, identity?.id]);
  return null;
}
