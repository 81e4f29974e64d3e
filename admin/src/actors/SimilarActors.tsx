import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { DuplicateWarning } from '../common/DuplicateWarning';
import { useDebouncedText } from '../common/useDebouncedText';
import type { ClaimLedgerDataProvider } from '../dataProvider';

const WIKIDATA_ID = /^Q[1-9]\d*$/;

/** Warns, on the new-actor form, of actors already catalogued under a like name, alias or the same Wikidata id. */
export function SimilarActors() {
  const name = (useWatch({ name: 'name' }) as string | undefined) ?? '';
  const aliases = (useWatch({ name: 'aliases' }) as string[] | string | undefined) ?? [];
  const wikidataId = ((useWatch({ name: 'wikidataId' }) as string | undefined) ?? '').trim();
  const probe = {
    name: name.trim(),
    aliases: (typeof aliases === 'string' ? aliases.split(',') : aliases).map((a) => a.trim()).filter(Boolean),
    wikidataId: WIKIDATA_ID.test(wikidataId) ? wikidataId : null,
  };
  // Debounced as text: the probe is a new object on every render.
  const settled = useDebouncedText(JSON.stringify(probe), 350);
  const dp = useDataProvider<ClaimLedgerDataProvider>();
  const { data } = useQuery({
    queryKey: ['actors', 'similar', settled],
    queryFn: () => dp.similarActors(JSON.parse(settled) as typeof probe),
    enabled: (JSON.parse(settled) as typeof probe).name.length >= 3,
    staleTime: 30_000,
  });
  return <DuplicateWarning resource="actors" duplicates={probe.name.length >= 3 ? data : undefined} />;
}
