import { useGetList, type RaRecord } from 'react-admin';
import { isWriter } from '../access';

/** Whom a claim may be assigned to, by the server's rule: active users of the WRITER role group. */
export function useAssignableStaff(): RaRecord[] {
  const { data: staff } = useGetList('staff', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'displayName', order: 'ASC' } });
  return (staff ?? []).filter((u) => u.active && isWriter(u.role));
}
