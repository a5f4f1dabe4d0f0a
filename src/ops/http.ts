// The operations HTTP server on HTTP_PORT, in both update modes: GET /healthz
// (liveness: the process answers), GET /readyz (Redis and MAX reachable; 503 when
// not) and GET /metrics (Prometheus text format). The webhook keeps its own port:
// it faces MAX through the public proxy, these stay inside.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../log.js';
import { registry } from './metrics.js';
import type { Readiness } from './readiness.js';

export interface OpsServerOptions {
  port: number;
  host: string;
}

/** More routes on the same server (the web panel under /app), registered before it listens. */
export type OpsMount = (server: FastifyInstance) => void;

export class OpsServer {
  private server: FastifyInstance | null = null;
  private readonly mounts: OpsMount[] = [];

  constructor(
    private readonly readiness: Readiness,
    private readonly log: Logger,
    private readonly opts: OpsServerOptions,
  ) {}

  get port(): number {
    const addr = this.server?.server.address();
    return typeof addr === 'object' && addr ? addr.port : this.opts.port;
  }

  mount(routes: OpsMount): void {
    this.mounts.push(routes);
  }

  async start(): Promise<void> {
    const server = Fastify({ logger: false });
    for (const routes of this.mounts) routes(server);
    server.get('/healthz', async () => ({ status: 'ok' }));
    server.get('/readyz', async (_req, reply) => {
      const report = await this.readiness.check();
      return reply.code(report.ready ? 200 : 503).send(report);
    });
    server.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
    await server.listen({ port: this.opts.port, host: this.opts.host });
    this.server = server;
    this.log.info({ port: this.port, host: this.opts.host }, 'operations server listening (/healthz, /readyz, /metrics)');
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }
}
