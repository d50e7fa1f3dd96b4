// One measured round of scripts/bench-compare against Meridian (REST API) or BullMQ, printed as one JSON line:
// enqueue JOBS no-op jobs (1,000 per call) with the queue paused, resume it, and time the drain until all of them
// have succeeded. CPU time of the given processes (workers, server or Redis) is read from /proc around the drain.
// Usage: node driver.cjs meridian URL TOKEN JOBS PIDS CLK_TCK
//        node driver.cjs bullmq QUEUE PREFIX REDIS_PORT JOBS PIDS CLK_TCK
'use strict';
const fs = require('fs');

const BATCH = 1000;

// utime + stime of each process, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the "(comm)" field).
function cpuTicks(pids) {
  let total = 0;
  for (const pid of pids) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += Number(fields[11]) + Number(fields[12]);
  }
  return total;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(system, jobs, pids, clkTck) {
  const t0 = process.hrtime.bigint();
  for (let from = 0; from < jobs; from += BATCH) {
    await system.enqueue(Math.min(BATCH, jobs - from));
  }
  const enqueueS = Number(process.hrtime.bigint() - t0) / 1e9;
  const base = await system.succeeded();
  const cpu0 = cpuTicks(pids);
  const t1 = process.hrtime.bigint();
  await system.resume();
  while ((await system.succeeded()) - base < jobs) {
    await sleep(10);
  }
  const drainS = Number(process.hrtime.bigint() - t1) / 1e9;
  const cpuUs = ((cpuTicks(pids) - cpu0) / clkTck) * 1e6;
  return { jobs, enqueue_per_s: jobs / enqueueS, drain_per_s: jobs / drainS, cpu_us_per_job: cpuUs / jobs };
}

function meridian(url, token) {
  // A 503 (the coordinator is between leadership terms, e.g. its lease lapsed on a starved machine) is retried for up
  // to 30 s, as the project's own client does; any other error ends the round.
  const call = async (method, path, body) => {
    const deadline = Date.now() + 30000;
    for (;;) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.ok) return res.json();
      const text = await res.text();
      if (res.status !== 503 || Date.now() > deadline) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
      await sleep(50);
    }
  };
  return {
    pause: () => call('POST', '/v1/queue/pause', {}),
    enqueue: (n) => call('POST', '/v1/queue/jobs', { jobs: Array.from({ length: n }, () => ({ type: 'noop' })) }),
    resume: () => call('POST', '/v1/queue/resume', {}),
    succeeded: async () => (await call('GET', '/v1/queue/stats')).succeeded,
    close: async () => {},
  };
}

function bullmq(name, prefix, port) {
  const { Queue } = require('bullmq');
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: Number(port) }, prefix });
  return {
    pause: () => queue.pause(),
    enqueue: (n) => queue.addBulk(Array.from({ length: n }, () => ({ name: 'noop', data: {} }))),
    resume: () => queue.resume(),
    succeeded: () => queue.getCompletedCount(),
    close: () => queue.close(),
  };
}

async function main() {
  const [kind, ...args] = process.argv.slice(2);
  let system;
  let rest;
  if (kind === 'meridian') {
    system = meridian(args[0], args[1]);
    rest = args.slice(2);
  } else if (kind === 'bullmq') {
    system = bullmq(args[0], args[1], args[2]);
    rest = args.slice(3);
  } else {
    throw new Error(`unknown system '${kind}': meridian or bullmq`);
  }
  const [jobs, pids, clkTck] = rest;
  await system.pause();
  const result = await measure(system, Number(jobs), pids.split(',').map(Number), Number(clkTck));
  await system.close();
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(`bench-compare driver: ${e.stack || e}`);
  process.exit(1);
});
