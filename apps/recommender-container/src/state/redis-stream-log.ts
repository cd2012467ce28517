/**
 * The shared catalog log: one Redis stream per catalog version that every replica appends
 * to (XADD) and tails (blocking XREAD). Used when `CATALOG_STREAM_URL` is set; on AWS the
 * server is MemoryDB.
 *
 * - Order: the stream ID Redis assigns is the one total order of writes. Every replica
 *   applies entries in ID order and remembers the last ID applied, so a re-read after a
 *   reconnect skips what it already has (apply is idempotent by stream ID).
 * - Durability: XADD is answered once the entry is durable. Locally that means a Redis with
 *   `appendonly yes` and `appendfsync always` (the reply is sent after the AOF fsync); on
 *   AWS, MemoryDB acknowledges a write once its multi-AZ transaction log holds it.
 * - Failure: commands are not queued while disconnected (`disableOfflineQueue`) and writes
 *   time out after `writeTimeoutMs`, so an unreachable or paused Redis turns writes into
 *   503s at once instead of piling them up. Reconnects back off up to 2 s.
 * - Trimming: only below a snapshot position, recorded in a marker key in the same hash
 *   slot (see `trimBelow`), so a start-up can tell whether its snapshot is still usable.
 *
 * node-redis is the client (docs/architecture.md says why).
 *
 * Edit this file to change how the catalog talks to Redis.
 */
import { createClient, createCluster } from 'redis';
import type { CatalogLog, LogEntry } from './catalog-log.js';
import type { Logger } from '../logger.js';
import type { UpdateRecord } from './update-log.js';

/** Settings of `RedisStreamLog.connect`. */
export interface RedisStreamOptions {
  /** `redis://host:port` or `rediss://user@host:port` (TLS). */
  url: string;
  /** Password (AUTH), if not in the URL. On AWS it comes from Secrets Manager. */
  password?: string;
  /** Connect as a cluster client (MemoryDB is always in cluster mode). @default false */
  cluster?: boolean;
  /** Catalog version: one stream per version. */
  catalogVersion: string;
  /** Longest wait for an XADD reply before the write fails with 503. @default 2000 */
  writeTimeoutMs?: number;
  logger: Logger;
}

/** The stream key of a catalog version; `{…}` is a hash tag, so the stream and its marker share a cluster slot. */
export function streamKeyFor(catalogVersion: string): string {
  return `recommender:{catalog-${catalogVersion.replace(/[^A-Za-z0-9._-]/g, '_')}}`;
}

/** Splits a stream ID into [ms, seq] for comparison (IDs exceed 2^53 only in theory; BigInt keeps it exact). */
function parseId(id: string): [bigint, bigint] {
  const [ms, seq] = id.split('-');
  return [BigInt(ms ?? '0'), BigInt(seq ?? '0')];
}

/** Orders two stream IDs. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = parseId(a);
  const [bm, bs] = parseId(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The milliseconds part of a stream ID (when Redis appended it). */
export const streamIdMs = (id: string): number => Number(id.split('-')[0]);

/** Trims below `ARGV[1]` and raises the marker to it, atomically, never lowering it. */
const TRIM_SCRIPT = `
local current = redis.call('GET', KEYS[2])
if current then
  local cm, cs = string.match(current, '(%d+)-(%d+)')
  local nm, ns = string.match(ARGV[1], '(%d+)-(%d+)')
  if tonumber(cm) > tonumber(nm) or (tonumber(cm) == tonumber(nm) and tonumber(cs) >= tonumber(ns)) then return current end
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
return ARGV[1]
`;

type Client = ReturnType<typeof createClient>;

/** Thrown when Redis cannot take a write right now: routes answer 503 with Retry-After. */
export class CatalogLogUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogLogUnavailableError';
  }
}

/** See the file header. */
export class RedisStreamLog implements CatalogLog {
  readonly kind = 'redis-stream' as const;
  readonly shared = true;
  /** The stream key. */
  readonly name: string;
  private readonly trimMarker: string;
  private readonly writeTimeoutMs: number;
  private closed = false;

  private constructor(
    /** Commands (XADD, XRANGE, …), never blocked. */
    private readonly client: Client,
    /** A second connection for the blocking XREAD, so it never delays a write. */
    private readonly tailClient: Client,
    options: RedisStreamOptions,
  ) {
    this.name = streamKeyFor(options.catalogVersion);
    this.trimMarker = `${this.name}:trimmed-below`;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 2000;
  }

  /**
   * Connects both clients, retrying with backoff until Redis answers (a replica stays
   * "starting" meanwhile) or `signal` aborts.
   */
  static async connect(options: RedisStreamOptions, signal?: AbortSignal): Promise<RedisStreamLog> {
    const make = (): Client => {
      const socket = {
        connectTimeout: 2000,
        // Back off: 50 ms, 100 ms, … up to 2 s between attempts, forever.
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
      };
      if (options.cluster) {
        // MemoryDB: a cluster client discovers the shard that owns the stream's slot.
        return createCluster({
          rootNodes: [{ url: options.url }],
          defaults: { password: options.password, socket: { ...socket, tls: options.url.startsWith('rediss://') }, disableOfflineQueue: true },
        }) as unknown as Client;
      }
      return createClient({ url: options.url, password: options.password, socket, disableOfflineQueue: true });
    };
    const client = make();
    const tailClient = make();
    for (const c of [client, tailClient]) c.on('error', (err: unknown) => options.logger.debug({ err }, 'redis client error (reconnecting)'));
    let delay = 100;
    for (;;) {
      try {
        if (!client.isOpen) await client.connect();
        if (!tailClient.isOpen) await tailClient.connect();
        // A keyed command, not PING: a cluster client routes it to the shard that owns the stream.
        await client.xLen(streamKeyFor(options.catalogVersion));
        return new RedisStreamLog(client, tailClient, options);
      } catch (err) {
        if (signal?.aborted) {
          destroyQuietly(client);
          destroyQuietly(tailClient);
          throw err;
        }
        options.logger.warn({ err, retryInMs: delay, url: redactUrl(options.url) }, 'catalog stream unreachable at start-up; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  get connected(): boolean {
    return this.client.isReady;
  }

  // #region stream-append
  /**
   * XADDs the records (pipelined, one round trip) and resolves with their stream IDs once
   * Redis has made them durable.
   * @throws CatalogLogUnavailableError if Redis is disconnected or does not answer in time.
   */
  async append(records: UpdateRecord[]): Promise<string[]> {
    if (!this.client.isReady) throw new CatalogLogUnavailableError('The catalog stream (Redis) is unreachable; the write was not made.');
    try {
      return await withTimeout(Promise.all(records.map((record) => this.client.xAdd(this.name, '*', { r: JSON.stringify(record) }))), this.writeTimeoutMs);
    } catch (err) {
      throw new CatalogLogUnavailableError(
        `The catalog stream (Redis) did not confirm the write within ${this.writeTimeoutMs} ms; it was not acknowledged (it may still land: a retry of an add then answers 409).`,
        { cause: err },
      );
    }
  }
  // #endregion stream-append

  async readAfter(position: string | undefined, max: number): Promise<LogEntry[]> {
    const start = position === undefined ? '-' : `(${position}`;
    const messages = (await this.client.xRange(this.name, start, '+', { COUNT: max })) ?? [];
    return messages.map((m) => toEntry(m.id, m.message));
  }

  // #region blocking-xread
  /**
   * Waits up to `blockMs` for entries after `position` (blocking XREAD on its own connection).
   * @returns the entries, or [] when none arrived.
   */
  async waitAfter(position: string, blockMs: number, max = 1000): Promise<LogEntry[]> {
    const reply = await this.tailClient.xRead({ key: this.name, id: position }, { BLOCK: blockMs, COUNT: max });
    if (!reply) return [];
    const streams = reply as unknown as { name: string; messages: { id: string; message: Record<string, string> }[] }[];
    return streams.flatMap((s) => s.messages.map((m) => toEntry(m.id, m.message)));
  }
  // #endregion blocking-xread

  /** The newest entry's ID, or undefined for an empty stream. */
  async lastId(): Promise<string | undefined> {
    const [last] = (await this.client.xRevRange(this.name, '+', '-', { COUNT: 1 })) ?? [];
    return last?.id;
  }

  /** How many entries follow `position`, counting at most `cap`; and the first one's ID. */
  async countAfter(position: string | undefined, cap: number): Promise<{ count: number; firstId: string | undefined }> {
    const start = position === undefined ? '-' : `(${position}`;
    const messages = (await withTimeout(this.client.xRange(this.name, start, '+', { COUNT: cap }), this.writeTimeoutMs)) ?? [];
    return { count: messages.length, firstId: messages[0]?.id };
  }

  /** Entries below this ID may have been trimmed away (undefined: never trimmed). */
  async trimmedBelow(): Promise<string | undefined> {
    return (await this.client.get(this.trimMarker)) ?? undefined;
  }

  /**
   * Deletes entries older than `position` (XTRIM MINID) and records it, atomically; a lower
   * position than one already trimmed to changes nothing.
   */
  async trimBelow(position: string): Promise<void> {
    await this.client.eval(TRIM_SCRIPT, { keys: [this.name, this.trimMarker], arguments: [position] });
  }

  compare(a: string, b: string): number {
    return compareStreamIds(a, b);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    // destroy, not quit: a blocked XREAD or a paused server must not hold shutdown up.
    destroyQuietly(this.tailClient);
    destroyQuietly(this.client);
    return Promise.resolve();
  }
}

/**
 * Rejects if `promise` has not settled within `ms`. node-redis's own command timeout only
 * covers a command still waiting to be written; once sent to a paused server (SIGSTOP), its
 * reply would be awaited forever. The reply may still arrive later: it is then ignored.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function destroyQuietly(client: Client): void {
  try {
    client.destroy();
  } catch {
    // Already closed.
  }
}

function toEntry(id: string, message: Record<string, string>): LogEntry {
  return { position: id, record: JSON.parse(message.r ?? 'null') as UpdateRecord };
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
