import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { DuplicateWarning } from '../common/DuplicateWarning';
import { useDebouncedText } from '../common/useDebouncedText';
import type { ClaimLedgerDataProvider } from '../dataProvider';

/** Warns, on the new-source form, of sources already catalogued at the same address or under a like title. */
export function SimilarSources() {
  const title = ((useWatch({ name: 'title' }) as string | undefined) ?? '').trim();
  const url = ((useWatch({ name: 'url' }) as string | undefined) ?? '').trim();
  const probe = { title: title.length >= 3 ? title : null, url: /^https?:\/\/[^/]+\.[^/]+/i.test(url) ? url : null };
  const settled = useDebouncedText(JSON.stringify(probe), 350);
  const asked = JSON.parse(settled) as typeof probe;
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { data } = useQuery({
    queryKey: ['sources', 'similar', settled],
    queryFn: () => dp.similarSources(asked),
    enabled: !!(asked.title || asked.url),
    staleTime: 30_000,
  });
  return <DuplicateWarning resource="sources" duplicates={probe.title || probe.url ? data : undefined} />;
}
