import { SingleBar } from 'cli-progress';
import type { HistoryOutcome } from '../db/archive';

/**
 * A progress bar on stderr for a person watching a terminal, one phase after another ("verifying
 * history", "copying rows" …); silent when stderr is piped or redirected.
 */
export function phaseBar(labels: Record<string, string>): { update(phase: string, done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: '{phase} {bar} {value}/{total} | ETA {eta_formatted}', etaBuffer: 50, hideCursor: true });
  let current: string | null = null;
  return {
    update(phase, done, total) {
      if (phase !== current) {
        if (current !== null) bar.stop();
        current = phase;
        bar.start(total, done, { phase: (labels[phase] ?? phase).padEnd(18) });
      } else {
        bar.update(done);
      }
    },
    stop() {
      if (current !== null) bar.stop();
      current = null;
    },
  };
}

/** The history lines backup and restore print; exit status 1 when it does not verify. */
export function reportHistory(history: HistoryOutcome, digestNote = ''): number {
  if ('problem' in history) {
    process.stdout.write(`FAIL history: ${history.problem}\n`);
    return 1;
  }
  process.stdout.write(`history: ${history.events} events in ${history.chains} chains verified\ndigest ${history.digest}${digestNote}\n`);
  return 0;
}
