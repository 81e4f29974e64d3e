import { useState } from 'react';
import { useRefresh } from 'react-admin';
import { errorCode } from '../dataProvider/graphql';
import { errorMessage } from '../dataProvider/errors';
import { useT } from '../i18n';
import { useShowConflict } from './ConflictDialog';
import { useNotifyText } from './notify';

/**
 * Runs one change against the server and waits for its answer (pessimistic): success is
 * announced and the screen reloaded; a CONFLICT opens the conflict dialog; any other refusal is
 * shown in words. Returns whether it worked, so a form or dialog stays open (with its text) when
 * it did not.
 */
export function useRunAction() {
  const t = useT();
  const notify = useNotifyText();
  const refresh = useRefresh();
  const showConflict = useShowConflict();
  const [pending, setPending] = useState(false);

  async function run<T>(
    fn: () => Promise<T>,
    opts: {
      success?: string;
      claimId?: string;
      seenVersion?: number;
      onSuccess?: (result: T) => void;
      /** False when onSuccess leaves the page: reloading a page being left (a merged record's) only races the next one. */
      reload?: boolean;
    } = {},
  ): Promise<boolean> {
    setPending(true);
    try {
      const result = await fn();
      if (opts.success) notify(opts.success, { type: 'success' });
      opts.onSuccess?.(result);
      if (opts.reload !== false) refresh();
      return true;
    } catch (error) {
      if (errorCode(error) === 'CONFLICT') {
        showConflict({ error, claimId: opts.claimId, seenVersion: opts.seenVersion, onReload: refresh });
      } else {
        notify(errorMessage(error, t), { type: 'error', multiLine: true, autoHideDuration: 12000 });
      }
      return false;
    } finally {
      setPending(false);
    }
  }

  return { run, pending };
}
