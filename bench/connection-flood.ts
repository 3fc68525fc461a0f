// Idle connections against a real `overseer serve`: what each costs in RSS, and whether a token holder from another
// address is still answered, with the per-address bound on or off. Run by hand:
// npm run build && node dist/bench/connection-flood.js [connections=2000] [per-address bound=256] [ulimit -n=4096]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const TOKEN = 'bench-admin-token-of-some-length';
const [count = 2000, bound = 256, files = 4096] = process.argv.slice(2).map(Number);

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function arm(perAddress: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-conn-'));
  const env = {
    PATH: process.env.PATH ?? '',
    OVERSEER_LOG_LEVEL: 'warn',
    OVERSEER_ADMIN_TOKEN: TOKEN,
    OVERSEER_MAX_CONNECTIONS_PER_ADDRESS: String(perAddress),
  };
  const child = spawn('sh', ['-c', `ulimit -n ${files} && exec "$0" "$@"`, process.execPath, BIN, 'serve', '--port', '0', '--db', join(dir, 'r.db')], { env });
  let exit = '';
  child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-600)));
  const url = await new Promise<URL>((resolve) => {
    let heard = '';
    child.stdout.on('data', (chunk: Buffer) => {
      heard += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(heard);
      if (match) resolve(new URL(match[1]!));
    });
  });
  // Settled: the threads have loaded the engine.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = rssMb(child.pid!);
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < count; i++) {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: '127.0.0.2' });
    socket.on('error', () => undefined);
    socket.once('close', () => closed++);
    // Read, so that a refusal's answer and close are seen.
    socket.resume();
    await new Promise((resolve) => socket.once('connect', resolve).once('close', resolve));
    if (i % 2 === 1) socket.write('GET /v1/services HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const during = exit === '' ? rssMb(child.pid!) : Number.NaN;
  const answer = await fetch(`${url.origin}/v1/services`, { headers: { authorization: `Bearer ${TOKEN}` } })
    .then((a) => String(a.status))
    .catch((error: Error) => `failed (${(error.cause as Error | undefined)?.message ?? error.message})`);
  const held = count - closed;
  const perConnection = ((during - before) * 1024) / Math.max(1, held);
  console.log(
    `per-address bound ${perAddress || 'off'}: ${count} idle connections from 127.0.0.2, ${held} held open, ${closed} closed; ` +
      `RSS ${before.toFixed(0)} -> ${during.toFixed(0)} MB (${perConnection.toFixed(1)} KB per held connection); ` +
      `token holder from 127.0.0.1: ${answer}; registry ${exit === '' ? 'alive' : `DIED (${exit}): ${tail.split('\n').slice(-4).join(' | ')}`}`,
  );
  for (const socket of sockets) socket.destroy();
  if (exit === '') child.kill('SIGTERM');
  await new Promise((resolve) => (exit === '' ? child.once('exit', resolve) : resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
}

await arm(0);
await arm(bound);
