import type { DataProvider } from 'react-admin';
import { auditLogModule, type HistoryMethods } from './auditLog';
import { catalogModule } from './catalog';
import { claimsModule, type ClaimMethods } from './claims';
import { disputesModule, type DisputeMethods } from './disputes';
import type { GraphQLClient } from './graphql';
import { mergeModule, type MergeMethods } from './merge';
import { unsupported, type Params, type Resource } from './resource';
import { usersModule, type UserMethods } from './users';

export { REQUEST_LIMIT_BYTES, importRequestBytes, kB, type ImportReport, type TransitionArgs } from './claims';
export type { HistoryEventRecord, VerifyResult } from './auditLog';

/**
 * react-admin's dataProvider over our GraphQL API: each resource's module answers the standard
 * methods it supports (a method it lacks is refused in words), and the workflow, evidence,
 * dispute and history actions are extra methods the screens call through useDataProvider().
 */
type ClaimLedgerMethods = ClaimMethods & DisputeMethods & HistoryMethods & UserMethods & MergeMethods;
export type ClaimLedgerDataProvider = DataProvider & ClaimLedgerMethods;

/** What each refused method would have done, for the refusal's wording. */
const DOING: Record<keyof Resource, string> = {
  getList: 'Listing',
  getOne: 'Opening one record',
  getMany: 'Loading by id',
  create: 'Creating',
  update: 'Editing',
  updateMany: 'Editing several records at once',
  delete: 'Deleting',
  deleteMany: 'Deleting',
};

export function createDataProvider(client: GraphQLClient): ClaimLedgerDataProvider {
  const gql = client.request.bind(client);
  const claims = claimsModule(gql);
  const catalog = catalogModule(gql);
  const disputes = disputesModule(gql);
  const history = auditLogModule(gql);
  const people = usersModule(gql);
  const merging = mergeModule(gql);

  const resources: Record<string, Resource> = {
    claims: claims.claims,
    evidence: claims.evidence,
    actors: catalog.actors,
    sources: catalog.sources,
    topics: catalog.topics,
    disputes: disputes.disputes,
    auditLog: history.auditLog,
    users: people.users,
    staff: people.staff,
    apiKeys: people.apiKeys,
  };

  const dispatch =
    <M extends keyof Resource>(method: M) =>
    async (resource: string, params: Parameters<NonNullable<Resource[M]>>[0]) => {
      const handler = resources[resource]?.[method] as ((p: typeof params) => Promise<unknown>) | undefined;
      if (!handler) throw unsupported(resource, DOING[method]);
      return handler(params);
    };
  const getList = dispatch('getList');

  const provider = {
    getList,
    getOne: dispatch('getOne'),
    getMany: dispatch('getMany'),
    // The records pointing at one record: the list filtered by the pointing field.
    getManyReference: (resource: string, params: Params & { target: string; id: unknown }) =>
      getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }),
    create: dispatch('create'),
    update: dispatch('update'),
    updateMany: dispatch('updateMany'),
    delete: dispatch('delete'),
    deleteMany: dispatch('deleteMany'),
    ...claims.methods,
    ...disputes.methods,
    ...history.methods,
    ...people.methods,
    ...merging.methods,
  };
  // react-admin types each method as generic over the record type; ours are concrete records.
  return provider as unknown as ClaimLedgerDataProvider;
}
