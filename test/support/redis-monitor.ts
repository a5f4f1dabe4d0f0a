// Redis's MONITOR feed on a plain socket: every command the server runs (those inside scripts
// too), as its arguments. ioredis's own monitor mode can mistake a feed line for the reply of
// a command on a busy machine («Command queue state error»), which fails the test that uses it.
import { connect, type Socket } from 'node:net';

export interface MonitorFeed {
  stop(): void;
}

/** Starts the feed; resolves once the server has answered MONITOR (every later command is fed). */
export async function monitorFeed(url: string, onCommand: (args: string[]) => void): Promise<MonitorFeed> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
  socket.setEncoding('utf8');
  let buffered = '';
  let started!: () => void;
  let failed!: (err: Error) => void;
  const on = new Promise<void>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  socket.on('error', (err) => failed(err));
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') started();
      else if (line.startsWith('+')) onCommand(argsOf(line));
      else if (line.startsWith('-')) failed(new Error(line.slice(1)));
    }
  });
  socket.write('MONITOR\r\n');
  await on;
  return { stop: () => socket.destroy() };
}

/** The quoted arguments of a feed line: +1700000000.123456 [0 127.0.0.1:5000] "get" "key". */
export function argsOf(line: string): string[] {
  const out: string[] = [];
  const start = line.indexOf(']');
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] !== '"') continue;
    let arg = '';
    for (i++; i < line.length && line[i] !== '"'; i++) {
      if (line[i] !== '\\') {
        arg += line[i];
        continue;
      }
      const next = line[++i];
      if (next === 'x') {
        arg += String.fromCharCode(Number.parseInt(line.slice(i + 1, i + 3), 16));
        i += 2;
      } else arg += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : (next ?? '');
    }
    out.push(arg);
  }
  return out;
}
