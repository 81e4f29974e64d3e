import { newsroom, type Newsroom } from '../fixtures/newsroom';
import { startTestApp, type TestApp, type TestAppOptions } from './app';

/**
 * A test file's set-up in one line: `const { app, n } = useNewsroom();` at the top registers the
 * beforeAll that starts the server (and makes the newsroom) and the afterAll that closes it. What
 * it returns stands in for the values the hook makes, so test bodies use `app` and `n` as they
 * would variables the hook assigned.
 */

export interface Late<T extends object> {
  /** Reads go to the value once `set`; before, they fail saying what is not there yet. */
  readonly value: T;
  set(value: T): void;
  /** The value, or undefined when the hook that makes it has not run (or failed). */
  current(): T | undefined;
}

/** A value a hook makes later, usable in declarations now (`what` names it in the error when read too early). */
export function late<T extends object>(what: string): Late<T> {
  let real: T | undefined;
  const target = (): T => {
    if (real === undefined) throw new Error(`${what} is used before the beforeAll hook that makes it has run (use it inside a test or a hook)`);
    return real;
  };
  const value = new Proxy({} as T, {
    get(_, key) {
      const v: unknown = Reflect.get(target(), key);
      // Methods run on the value itself (playwright's classes keep state that a proxy would not reach).
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target()) : v;
    },
    set: (_, key, v) => Reflect.set(target(), key, v),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d && { ...d, configurable: true };
    },
  });
  return { value, set: (v) => void (real = v), current: () => real };
}

/** A server on a fresh database for this file (or describe block); `options` may be a function, read when it starts. */
export function useApp(options: TestAppOptions | (() => TestAppOptions) = {}): TestApp {
  const app = late<TestApp>('the test app');
  beforeAll(async () => app.set(await startTestApp(typeof options === 'function' ? options() : options)));
  afterAll(() => app.current()?.close());
  return app.value;
}

/** `useApp()` with the newsroom fixture in it: `n` holds its users' ids and tokens, a claimant and a source. */
export function useNewsroom(options: TestAppOptions | (() => TestAppOptions) = {}): { app: TestApp; n: Newsroom } {
  const app = useApp(options);
  const n = late<Newsroom>('the newsroom');
  beforeAll(async () => n.set(await newsroom(app)));
  return { app, n: n.value };
}
