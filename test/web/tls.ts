// HTTPS for the browser tests: a test CA and a certificate per host name, made with openssl (as
// test/bot/certificate.test.ts does), and small HTTPS servers on 127.0.0.1. Chromium reaches the
// names through --host-resolver-rules and accepts the certificates through
// --ignore-certificate-errors-spki-list (the CA's and the servers' public keys).
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostCertificate {
  key: string;
  cert: string;
}

/** A CA and a certificate for each host; `spki` are the public-key hashes chromium is told to accept. */
export function makeCertificates(hosts: string[]): { certs: Record<string, HostCertificate>; spki: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sferum-panel-ca-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Panel Root CA');
    const certs: Record<string, HostCertificate> = {};
    for (const host of hosts) {
      run('req', ...ec, '-keyout', `${host}.key`, '-out', `${host}.csr`, '-subj', `/CN=${host}`);
      writeFileSync(join(dir, `${host}.ext`), `subjectAltName=DNS:${host}\n`);
      run(
        'x509',
        '-req',
        '-in',
        `${host}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${host}.pem`,
        '-days',
        '2',
        '-extfile',
        `${host}.ext`,
      );
      certs[host] = { key: readFileSync(join(dir, `${host}.key`), 'utf8'), cert: readFileSync(join(dir, `${host}.pem`), 'utf8') };
    }
    const spkiOf = (pem: string) =>
      createHash('sha256')
        .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
        .digest('base64');
    const spki = [readFileSync(join(dir, 'ca.pem'), 'utf8'), ...Object.values(certs).map((c) => c.cert)].map(spkiOf);
    return { certs, spki };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HttpsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 (a free port) with the host's certificate. */
export async function httpsServer(cert: HostCertificate, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpsServer> {
  const server = createServer(cert, handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Passes a request on to a plain-HTTP server (an HTTPS front, as a reverse proxy in production). */
export function proxyTo(target: string, req: IncomingMessage, res: ServerResponse): void {
  const t = new URL(target);
  const up = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}
