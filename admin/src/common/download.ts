import { ApiError, type GraphQLErrorShape } from '../dataProvider/graphql';
import { tokenFromBrowser } from '../session';

export type ExportKind = 'claims' | 'history';
export type ExportFormat = 'csv' | 'ndjson';

/**
 * Downloads one of the server's streamed exports (/export/…). The exports need the session token,
 * which a plain link cannot send, so the file is fetched and handed to the browser as a download.
 * Refusals (403 for a role that may not export, 400 for a bad filter) become ApiErrors, so the
 * screens word them like any other refusal.
 */
export async function downloadExport(kind: ExportKind, format: ExportFormat, query: URLSearchParams): Promise<{ file: string; rows: string | null }> {
  const res = await fetch(`/export/${kind}.${format}?${query}`, { headers: { authorization: `Bearer ${tokenFromBrowser() ?? ''}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: GraphQLErrorShape[] } | null;
    throw ApiError.from(body?.errors ?? [{ message: `The export failed (HTTP ${res.status}).`, extensions: { code: 'HTTP_ERROR', httpStatus: res.status } }]);
  }
  const file = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `claimledger-${kind}.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.click();
  URL.revokeObjectURL(url);
  return { file, rows: res.headers.get('x-total-count') };
}
