import { claimIn } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

const { app, n } = useNewsroom();

test('a published claim is visible anonymously', async () => {
  const c = await claimIn(app, n, 'PUBLISHED', 'North Korea breached the oil cap in 2018.');
  const data = await app.ok<{ claim: { id: string; reviewStatus: string } }>(`query($id: ID!) { claim(id: $id) { id reviewStatus } }`, { id: c.id });
  expect(data.claim).toEqual({ id: c.id, reviewStatus: 'PUBLISHED' });
});
