import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

/**
 * The backup archive: gzip-compressed text, so it can be read with zcat and nothing else.
 *
 *   CLAIMLEDGER-BACKUP 1
 *   {"format":"claimledger-backup-v1", …}        the header (ArchiveHeader), one line of JSON
 *   table actors                                  then each table, in the header's order:
 *   <one row per line, PostgreSQL COPY text format>
 *   \.                                            (a row can never be this: COPY escapes backslashes)
 *   …
 *   sha256 <hex>                                  SHA-256 of every byte above this line
 *
 * The checksum and the row counts catch a cut or damaged file and any edit that does not also
 * recompute them; the history digest in the header, compared with one kept elsewhere, is what
 * catches a deliberate rewrite of history.
 */
const MAGIC = 'CLAIMLEDGER-BACKUP 1';
const END_OF_TABLE = '\\.';

export interface ArchiveTable {
  name: string;
  /** Columns in the order each row lists them (generated columns are left to the database). */
  columns: string[];
  rows: number;
}

/** What verifying the whole history found when the archive was made. */
export type HistoryOutcome =
  | { events: number; chains: number; digest: string }
  | { events: number; problem: string };

export interface ArchiveHeader {
  format: 'claimledger-backup-v1';
  createdAt: string;
  /** The source's server_version, for the record. */
  postgres: string;
  database: string;
  /** The applied migrations, oldest first: the schema version the rows belong to. */
  migrations: string[];
  /** In load order: every table after those its foreign keys point to. */
  tables: ArchiveTable[];
  history: HistoryOutcome;
}

/** The archive is not one, or was cut, damaged or edited: nothing is loaded from it. */
export class ArchiveError extends Error {}

export class ArchiveWriter {
  private readonly hash = createHash('sha256');
  private readonly gzip: Gzip = createGzip();
  private readonly written: Promise<void>;

  constructor(out: Writable) {
    this.written = pipeline(this.gzip, out);
    // Surfaces in finish(); without a listener a failed disk would crash the process first.
    this.written.catch(() => undefined);
  }

  async start(header: ArchiveHeader): Promise<void> {
    await this.put(`${MAGIC}\n${JSON.stringify(header)}\n`);
  }

  /** One table's rows from a COPY … TO STDOUT stream; calls `onRows` with the count so far. */
  async table(name: string, copy: AsyncIterable<Buffer>, onRows: (rows: number) => void = () => undefined): Promise<number> {
    await this.put(`table ${name}\n`);
    let rows = 0;
    for await (const chunk of copy) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      await this.put(chunk);
      onRows(rows);
    }
    await this.put(`${END_OF_TABLE}\n`);
    return rows;
  }

  async finish(): Promise<void> {
    this.gzip.end(`sha256 ${this.hash.digest('hex')}\n`);
    await this.written;
  }

  private async put(data: string | Buffer): Promise<void> {
    this.hash.update(data);
    if (!this.gzip.write(data)) await once(this.gzip, 'drain');
  }
}

export interface ArchiveVisitor {
  /** Before any table; may refuse the archive by throwing. */
  header?(header: ArchiveHeader): Promise<void> | void;
  /**
   * One table's rows, each a line with its newline (COPY text format). Rows the visitor does not
   * read are read (and checked) anyway.
   */
  table?(table: ArchiveTable, rows: AsyncIterable<Buffer>): Promise<void>;
}

/**
 * Reads an archive from start to end, checking as it goes: the magic line, the header, every
 * table in the header's order with its row count, the checksum over all of it, and nothing after.
 * Throws ArchiveError at the first thing wrong.
 */
export async function readArchive(input: Readable, visitor: ArchiveVisitor = {}): Promise<ArchiveHeader> {
  const gunzip = createGunzip();
  const piped = pipeline(input, gunzip).catch(() => undefined); // its errors reach the reader below
  try {
    const lines = new LineReader(gunzip);
    if ((await lines.next(true))?.toString('utf8') !== `${MAGIC}\n`) throw new ArchiveError('this is not a ClaimLedger backup');
    const header = parseHeader(await lines.next(true));
    await visitor.header?.(header);
    for (const table of header.tables) {
      const opening = await lines.next(true);
      if (opening?.toString('utf8') !== `table ${table.name}\n`) throw new ArchiveError(`the archive is damaged: the rows of ${table.name} are not where they belong`);
      let rows = 0;
      let ended = false;
      const section = async function* () {
        for (;;) {
          const line = await lines.next(true);
          if (line === null) throw new ArchiveError(`the archive is cut short in the rows of ${table.name}`);
          if (line.length === END_OF_TABLE.length + 1 && line.toString('utf8') === `${END_OF_TABLE}\n`) break;
          rows++;
          yield line;
        }
        ended = true;
      };
      const rowsOf = section();
      if (visitor.table) await visitor.table(table, rowsOf);
      if (!ended) for await (const _ of rowsOf);
      if (rows !== table.rows) throw new ArchiveError(`the archive is damaged: ${table.name} has ${rows} rows, its header says ${table.rows}`);
    }
    const expected = lines.digest();
    const trailer = (await lines.next(false))?.toString('utf8');
    if (trailer === undefined) throw new ArchiveError('the archive is cut short: its checksum line is missing');
    if (trailer !== `sha256 ${expected}\n`) throw new ArchiveError('the archive was altered: its content does not match its checksum');
    if ((await lines.next(false)) !== null) throw new ArchiveError('the archive was altered: there is more after its checksum');
    return header;
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    // zlib's complaints ("unexpected end of file", "incorrect header check" …)
    const code = (err as NodeJS.ErrnoException).code;
    if (code?.startsWith('Z_')) throw new ArchiveError(`the archive is cut short or damaged (${(err as Error).message})`);
    throw err;
  } finally {
    gunzip.destroy();
    input.destroy();
    await piped;
  }
}

function parseHeader(line: Buffer | null): ArchiveHeader {
  let header: ArchiveHeader;
  try {
    header = JSON.parse(line?.toString('utf8') ?? '') as ArchiveHeader;
  } catch {
    throw new ArchiveError('the archive is damaged: its header is not JSON');
  }
  if (header?.format !== 'claimledger-backup-v1') throw new ArchiveError(`unknown archive format ${String(header?.format)}`);
  const tablesOk =
    Array.isArray(header.tables) &&
    header.tables.every((t) => /^[a-z_][a-z0-9_]*$/.test(t.name) && Array.isArray(t.columns) && Number.isInteger(t.rows));
  if (!tablesOk || !Array.isArray(header.migrations) || typeof header.history !== 'object') {
    throw new ArchiveError('the archive is damaged: its header is incomplete');
  }
  return header;
}

/** Lines (each with its newline) of a byte stream, hashing every line handed out with `hashed`. */
class LineReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly hash: Hash = createHash('sha256');
  private current: Buffer = Buffer.alloc(0);
  private start = 0;
  /** The beginning of a line that spans chunks. */
  private partial: Buffer[] = [];
  private done = false;

  constructor(input: AsyncIterable<Buffer>) {
    this.chunks = input[Symbol.asyncIterator]();
  }

  /** The next line; at the end, a last piece without a newline (a cut file) or null. */
  async next(hashed: boolean): Promise<Buffer | null> {
    for (;;) {
      const nl = this.current.indexOf(10, this.start);
      if (nl !== -1) {
        let line = this.current.subarray(this.start, nl + 1);
        this.start = nl + 1;
        if (this.partial.length) {
          line = Buffer.concat([...this.partial, line]);
          this.partial = [];
        }
        if (hashed) this.hash.update(line);
        return line;
      }
      if (this.start < this.current.length) this.partial.push(this.current.subarray(this.start));
      this.current = Buffer.alloc(0);
      this.start = 0;
      if (this.done) {
        if (!this.partial.length) return null;
        const rest = Buffer.concat(this.partial);
        this.partial = [];
        return rest;
      }
      const { value, done } = await this.chunks.next();
      if (done) this.done = true;
      else this.current = value as Buffer;
    }
  }

  digest(): string {
    return this.hash.copy().digest('hex');
  }
}
