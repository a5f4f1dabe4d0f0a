// Reports with attachments go through their own queue: a job renders the summary, the
// charts and the workbook, uploads them through the SDK and sends them in order. Its
// progress (`sent`) survives retries, so a retried or re-delivered report does not
// repeat what already went out; the job id comes from the update, so it runs once.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '@maxhub/max-bot-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { backgroundMark, inBackgroundIf } from '../bot/background.js';
import { classifyMax } from '../bot/max-errors.js';
import { toAttachments, type Keyboard } from '../bot/outbox.js';
import type { Logger } from '../log.js';
import type { AuditFilter } from '../store/audit-log.js';
import { eraseJobs, jobIsAbout, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'reports';

export type ReportRequest =
  | { kind: 'stats'; userId: number; period: number }
  | { kind: 'members'; userId: number; unitId: string | null }
  | { kind: 'audit'; userId: number; filter?: AuditFilter }
  | { kind: 'roster-template'; userId: number }
  /** A QR code of an invite link, as an image (the link was checked as the person's to see). */
  | { kind: 'invite-qr'; userId: number; link: string };

/**
 * `background`: asked by background work (the weekly summary), so sent as background work too
 * (see src/bot/background.ts); a report someone asked for with a button is their reply, and is not.
 */
type ReportJob = ReportRequest & { sent: number; background?: true };

/** One message of a report: text, and at most one image or file. */
export type ReportPart = { text: string; keyboard?: Keyboard } | { text: string; image: Buffer } | { text: string; file: Buffer; fileName: string };

/** Builds the parts of a report when its job runs (permissions are checked again then). */
export type ReportBuilder = (r: ReportRequest) => Promise<ReportPart[]>;

export class ReportDelivery implements PersonalDataHolder {
  readonly name = 'report-delivery';
  readonly families = {} as const;
  readonly queues = { reports: { holds: 'an export or chart asked for: the id of the person who gets it' } } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await eraseJobs(this.workerConnection, this.queue, (data) => (jobIsAbout(data, userId) ? 'drop' : 'keep'));
  }

  readonly queue: Queue<ReportJob>;
  private worker: Worker<ReportJob> | null = null;

  constructor(
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly api: Api,
    private readonly build: ReportBuilder,
    private readonly log: Logger,
  ) {
    this.queue = new Queue<ReportJob>(QUEUE, { connection, prefix });
  }

  /** `key` identifies the request (the update id), so the same press is reported once. */
  async request(r: ReportRequest, key: string): Promise<void> {
    const jobId = createHash('sha256').update(`${r.kind}|${key}`).digest('hex').slice(0, 32);
    await this.queue.add(
      r.kind,
      { ...r, sent: 0, ...backgroundMark() },
      {
        jobId,
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async start(): Promise<void> {
    this.worker = new Worker<ReportJob>(QUEUE, (job) => inBackgroundIf(job.data.background, () => this.run(job)), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: 2,
    });
    this.worker.on('error', (err) => this.log.error({ err }, 'reports worker error'));
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }

  /**
   * The SDK names a Buffer upload by a random id; MAX shows the name given at upload time.
   * So the file goes from a temporary path with its real name (removed right after).
   */
  private async uploadNamed(data: Buffer, fileName: string) {
    const dir = await mkdtemp(join(tmpdir(), 'sferum-report-'));
    try {
      const path = join(dir, fileName);
      await writeFile(path, data);
      return await this.api.uploadFile({ source: path });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async run(job: Job<ReportJob>): Promise<void> {
    const parts = await this.build(job.data);
    const userId = job.data.userId;
    for (let i = job.data.sent; i < parts.length; i++) {
      const p = parts[i]!;
      try {
        if ('image' in p) {
          const image = await this.api.uploadImage({ source: p.image });
          await this.api.sendMessageToUser(userId, p.text, { attachments: [image.toJson()] });
        } else if ('file' in p) {
          const file = await this.uploadNamed(p.file, p.fileName);
          await this.api.sendMessageToUser(userId, p.text, { attachments: [file.toJson()] });
        } else {
          await this.api.sendMessageToUser(userId, p.text, { attachments: toAttachments(p.keyboard) });
        }
      } catch (err) {
        const refusal = classifyMax(err);
        if (refusal.kind === 'final') {
          this.log.warn({ jobId: job.id, userId, status: refusal.status, code: refusal.code }, 'MAX refused a report part; skipping it');
        } else {
          this.log.warn({ jobId: job.id, userId, attempt: job.attemptsMade + 1, err: (err as Error).message }, 'report part failed; will retry');
          throw err;
        }
      }
      await job.updateData({ ...job.data, sent: i + 1 });
    }
  }
}
