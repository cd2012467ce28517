/**
 * Records which files a Node process reads, and how many bytes, by wrapping the
 * public `node:fs` functions. Runs inside the probe process (see `probe.ts`), never
 * inside fitcheck itself.
 *
 * Why wrap fs rather than trace syscalls: it needs no privileges or tools, works the
 * same on every machine, and names the file and the API that read it. What it
 * cannot see is reads done in C++ (a native addon calling `fopen`, e.g. hnswlib's
 * `readIndex`) and ESM's own source loading; the probe adds the kernel's per-process
 * read counter (`rchar` in /proc/self/io) as a total that does include them.
 *
 * Covered: readFileSync, readFile, promises.readFile, open/openSync + read/readSync
 * (which also covers createReadStream, as streams call the public `fs.open`/`fs.read`),
 * promises.open + FileHandle.read/readFile, and process.dlopen (native addons).
 * Edit this file to cover another API (e.g. readv) if a handler uses it.
 */
import type * as FsModule from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The CommonJS export objects are the mutable originals; ESM namespaces are frozen views of them.
const fs = require('node:fs') as typeof FsModule;
const fsp = fs.promises;

/** When a read happened: while importing the handler module, or while answering the first event. */
export type Phase = 'init' | 'invoke';

/** Bytes read from one file during one phase. */
export interface ReadRecord {
  /** Absolute path. */
  path: string;
  phase: Phase;
  bytes: number;
  /** Number of read calls that returned data from it. */
  reads: number;
  /** The fs APIs that read it, e.g. `readFileSync`. */
  via: string[];
}

/** A native addon loaded through `process.dlopen`. */
export interface AddonLoad {
  path: string;
  phase: Phase;
}

/** Controls the wrapped fs: records only while a phase is set. */
export interface Recorder {
  setPhase(phase: Phase | null): void;
  records(): ReadRecord[];
  addons(): AddonLoad[];
}

type Callback = (...args: unknown[]) => void;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

let installed: Recorder | undefined;

/**
 * Wraps the fs functions once per process and returns the recorder. Recording
 * starts paused: call `setPhase('init')` just before importing the handler.
 */
export async function installRecorder(): Promise<Recorder> {
  if (installed) return installed;
  let phase: Phase | null = null;
  const byKey = new Map<string, ReadRecord>();
  const addons: AddonLoad[] = [];
  const fdPaths = new Map<number, string>();
  // Sync fs functions call each other (readFileSync → openSync → readSync): count only the outermost.
  let depth = 0;

  function add(path: string | undefined, bytes: number, via: string): void {
    if (phase === null || path === undefined || bytes <= 0) return;
    const key = `${phase}\0${path}`;
    const record = byKey.get(key) ?? { path, phase, bytes: 0, reads: 0, via: [] };
    record.bytes += bytes;
    record.reads += 1;
    if (!record.via.includes(via)) record.via.push(via);
    byKey.set(key, record);
  }

  function pathOf(target: unknown): string | undefined {
    if (typeof target === 'number') return fdPaths.get(target);
    if (typeof target === 'string') return resolve(target);
    if (target instanceof URL) return fileURLToPath(target);
    if (Buffer.isBuffer(target)) return resolve(target.toString());
    if (target && typeof target === 'object' && 'fd' in target && typeof target.fd === 'number') return fdPaths.get(target.fd);
    return undefined;
  }

  function byteLength(data: unknown, options: unknown): number {
    if (typeof data === 'string') {
      const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding;
      return Buffer.byteLength(data, (encoding ?? 'utf8') as BufferEncoding);
    }
    return data instanceof Uint8Array ? data.byteLength : 0;
  }

  /** Replaces `owner[name]` with `make(original)`. */
  function patch<T extends object>(owner: T, name: keyof T & string, make: (original: AnyFunction) => AnyFunction): void {
    const original = owner[name] as unknown as AnyFunction;
    (owner as Record<string, unknown>)[name] = make(original);
  }

  /** Wraps a sync function; `account` sees its arguments and result when it is the outermost fs call. */
  function wrapSync(owner: object, name: string, account: (args: unknown[], result: unknown) => void): void {
    patch(owner as Record<string, unknown>, name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        if (depth > 0) return original.apply(this, args);
        depth++;
        try {
          const result = original.apply(this, args);
          account(args, result);
          return result;
        } finally {
          depth--;
        }
      },
    );
  }

  /** Wraps a callback-style function; `account` sees its arguments and the callback's arguments. */
  function wrapCallback(owner: object, name: string, account: (args: unknown[], results: unknown[]) => void): void {
    patch(owner as Record<string, unknown>, name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        const last = args.length - 1;
        const callback = args[last];
        if (typeof callback === 'function') {
          args[last] = function (this: unknown, ...results: unknown[]) {
            if (results[0] == null) account(args, results);
            return (callback as Callback).apply(this, results);
          };
        }
        return original.apply(this, args);
      },
    );
  }

  /** Wraps a promise-returning function; `account` sees its arguments and resolved value. */
  function wrapAsync(owner: object, name: string, account: (self: unknown, args: unknown[], result: unknown) => void): void {
    patch(owner as Record<string, unknown>, name, (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const result = await original.apply(this, args);
        account(this, args, result);
        return result;
      },
    );
  }

  // 1. Whole-file reads.
  wrapSync(fs, 'readFileSync', ([target, options], data) => add(pathOf(target), byteLength(data, options), 'readFileSync'));
  wrapCallback(fs, 'readFile', ([target, options], [, data]) => add(pathOf(target), byteLength(data, typeof options === 'function' ? undefined : options), 'readFile'));
  wrapAsync(fsp, 'readFile', (_self, [target, options], data) => add(pathOf(target), byteLength(data, options), 'promises.readFile'));

  // 2. Descriptors: remember which path each fd is, then count reads on it.
  wrapSync(fs, 'openSync', ([target], fd) => {
    const path = pathOf(target);
    if (typeof fd === 'number' && path) fdPaths.set(fd, path);
  });
  wrapCallback(fs, 'open', ([target], [, fd]) => {
    const path = pathOf(target);
    if (typeof fd === 'number' && path) fdPaths.set(fd, path);
  });
  wrapSync(fs, 'readSync', ([fd], bytesRead) => add(pathOf(fd), typeof bytesRead === 'number' ? bytesRead : 0, 'readSync'));
  wrapCallback(fs, 'read', ([fd], [, bytesRead]) => add(pathOf(fd), typeof bytesRead === 'number' ? bytesRead : 0, 'read'));
  wrapSync(fs, 'closeSync', ([fd]) => fdPaths.delete(fd as number));
  wrapCallback(fs, 'close', ([fd]) => fdPaths.delete(fd as number));

  // 3. FileHandle (fs/promises). Its prototype is only reachable from an instance.
  wrapAsync(fsp, 'open', (_self, [target], handle) => {
    const path = pathOf(target);
    const fd = (handle as { fd?: unknown }).fd;
    if (typeof fd === 'number' && path) fdPaths.set(fd, path);
  });
  const probeHandle = await fsp.open(fileURLToPath(import.meta.url), 'r');
  const fileHandleProto = Object.getPrototypeOf(probeHandle) as object;
  await probeHandle.close();
  wrapAsync(fileHandleProto, 'read', (self, _args, result) => add(pathOf(self), (result as { bytesRead?: number }).bytesRead ?? 0, 'FileHandle.read'));
  wrapAsync(fileHandleProto, 'readFile', (self, [options], data) => add(pathOf(self), byteLength(data, options), 'FileHandle.readFile'));

  // 4. Native addons: Node loads `.node` files with dlopen, not fs.
  patch(process as unknown as Record<string, unknown>, 'dlopen', (original) =>
    function (this: unknown, ...args: unknown[]) {
      if (phase !== null && typeof args[1] === 'string') addons.push({ path: args[1], phase });
      return original.apply(this, args);
    },
  );

  // ESM `import { readFileSync } from 'node:fs'` bindings are copies: refresh them.
  syncBuiltinESMExports();

  installed = {
    setPhase: (next) => {
      phase = next;
    },
    records: () => [...byKey.values()],
    addons: () => [...addons],
  };
  return installed;
}
