// A BullMQ worker process for scripts/bench-compare: runs no-op jobs of one queue, CONCURRENCY at a time.
// Usage: node worker.cjs QUEUE PREFIX CONCURRENCY REDIS_PORT
'use strict';
const { Worker } = require('bullmq');

const [queue, prefix, concurrency, port] = process.argv.slice(2);
const worker = new Worker(queue, async () => null, {
  connection: { host: '127.0.0.1', port: Number(port) },
  prefix,
  concurrency: Number(concurrency),
});
worker.on('error', (e) => console.error(`bullmq worker: ${e.message}`));
worker.waitUntilReady().then(() => console.log('ready'));
// close() lets running jobs finish; a worker that cannot reach Redis must still go, so it gets 5 s.
const stop = () => {
  setTimeout(() => process.exit(1), 5000).unref();
  worker.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
