/**
 * `npm run start:replicas`: the shared catalog on one machine. Starts a local redis-server
 * (durable: appendonly yes, appendfsync always; data in .data/redis) and two replicas of
 * the built service on ports 3002 and 3003, both on the same catalog stream. Ctrl-C stops
 * all three, by PID.
 *
 * Needs Debian's redis-server (`sudo apt-get install redis-server`); says so if it is missing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REDIS = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 6390);
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? 'change-me-please';

if (!existsSync(REDIS)) {
  console.error(`${REDIS} is missing. Install it with: sudo apt-get install redis-server   (or set REDIS_SERVER_BIN)`);
  process.exit(1);
}
if (!existsSync(join(APP_DIR, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `npm run build` first.');
  process.exit(1);
}

const children: ChildProcess[] = [];
const redisDir = join(APP_DIR, '.data/redis');
mkdirSync(redisDir, { recursive: true });
children.push(
  spawn(REDIS, ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'inherit' }),
);
for (const [name, port] of [['a', 3002], ['b', 3003]] as const) {
  children.push(
    spawn(process.execPath, [join(APP_DIR, 'dist/index.js')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        RECOMMENDER_PORT: String(port),
        // One DATA_DIR for both, as EFS is on AWS: the snapshots are shared, so a trim after
        // one replica's snapshot never leaves the other with a snapshot older than the trim.
        DATA_DIR: join(APP_DIR, '.data/replicas'),
        REPLICA_ID: `replica-${name}`,
        ADMIN_TOKEN,
        CATALOG_STREAM_URL: `redis://127.0.0.1:${REDIS_PORT}`,
      },
    }),
  );
}
console.log(`redis-server on ${REDIS_PORT}, replicas on http://localhost:3002 and http://localhost:3003 (ADMIN_TOKEN=${ADMIN_TOKEN}). Ctrl-C stops all three.`);

const stop = () => {
  // Replicas first (they snapshot and close), then Redis.
  for (const child of children.slice(1).reverse()) if (child.pid) process.kill(child.pid, 'SIGTERM');
  setTimeout(() => {
    if (children[0]?.pid) process.kill(children[0].pid, 'SIGTERM');
  }, 1500).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
