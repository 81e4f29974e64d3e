import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Names of the fields selected below `path` in the current field (`['edges', 'node']`), through
 * fragments and inline fragments. Lets a list resolver fetch related rows in its own statement.
 */
export function selectedFields(info: GraphQLResolveInfo, ...paths: string[][]): Set<string> {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    for (const path of paths) collect(node.selectionSet, path, info, names);
  }
  return names;
}

function collect(set: SelectionSetNode | undefined, path: string[], info: GraphQLResolveInfo, out: Set<string>): void {
  if (!set) return;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (path.length === 0) out.add(sel.name.value);
      else if (sel.name.value === path[0]) collect((sel as FieldNode).selectionSet, path.slice(1), info, out);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(sel.selectionSet, path, info, out);
    } else {
      collect(info.fragments[sel.name.value]?.selectionSet, path, info, out);
    }
  }
}
