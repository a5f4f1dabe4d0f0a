// Chat membership work runs as BullMQ jobs: durable (an approval whose chat changes
// were not done before a crash is done after it) and outside the update's lock.
//   person:       after a domain event, bring every chat in line for one person
//   provision:    after a chat is bound (or "invite the missing"), invite everyone who belongs;
//                 after binding, tell the curator at once who is in the chat and should not be
//                 and who is still missing (the same comparison and report as /sync)
//   remind:       3 days after a person was sent a chat's link, one reminder if they have not joined
//   remind-again: the curator's "remind again" for everyone who has not joined a chat
//   leave:        a day after the bot was added, leave the chat if nobody bound it
//   daily:        compare every bound chat with who belongs, re-read the bot's rights;
//                 report only changes
//   sync:         /sync asked by someone: each chat compared and reported to them, with one
//                 progress message edited as it goes («Сверяю 3 чата из 12…»)
// Delayed jobs check the bot's clock when they run: one that runs early (the clock is
// behind) puts itself back for the rest of the time.
import { createHash } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { belongsIn } from '../policy/chat-membership.js';
import type { Outbox } from '../bot/outbox.js';
import { inBackground } from '../bot/background.js';
import { classifyMax, forJob } from '../bot/max-errors.js';
import type { ChatRecord } from '../store/chat-store.js';
import type { Chats, Invitations, SyncReport } from './chats.js';
import { syncDigest, syncReportMessages } from './reports.js';
import { CHAT_TEXTS as T } from './texts.js';
import { eraseJobs, jobIsAbout, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'chat-sync';
export const DAILY_SYNC_MS = 24 * 3600 * 1000;
/** An unbound chat is left after this long (SPEC §3.4). */
export const UNBOUND_LEAVE_MS = 24 * 3600 * 1000;
/** Someone sent a chat's link who has not joined gets one reminder after this long. */
export const JOIN_REMINDER_MS = 3 * 24 * 3600 * 1000;

export type ChatJob =
  | { kind: 'person'; userId: number }
  /** `report`: the first provisioning after binding, which reports what it found. */
  | { kind: 'provision'; chatId: number; report?: boolean }
  | { kind: 'remind'; chatId: number; userId: number; sentAt: number }
  | { kind: 'remind-again'; chatId: number }
  | { kind: 'leave'; chatId: number; addedAt: number }
  | { kind: 'daily' }
  /** `done` and `progressMid` are written back as the job goes, so a retry goes on where it stopped. */
  | { kind: 'sync'; requester: number; chatIds: number[]; done?: number; progressMid?: string | null };

/** MAX's answer when the bot lacks a right in the chat (it may be granted a little later). */
const FORBIDDEN = 403;

export class ChatJobs implements PersonalDataHolder {
  readonly name = 'chat-jobs';
  readonly families = {} as const;
  readonly queues = { 'chat-sync': { holds: 'jobs about a person (sync, a reminder to join) or asked by them (a chat report): their id' } } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await eraseJobs(this.workerConnection, this.queue, (data) => (jobIsAbout(data, userId, ['userId', 'requester']) ? 'drop' : 'keep'));
  }

  readonly queue: Queue<ChatJob>;
  private worker: Worker<ChatJob> | null = null;

  constructor(
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly chats: Chats,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly api: Api,
  ) {
    this.queue = new Queue<ChatJob>(QUEUE, { connection, prefix });
  }

  /** `dedupKey` makes the job once-only (e.g. the domain event's stream id). */
  async person(userId: number, dedupKey: string): Promise<void> {
    await this.queue.add('person', { kind: 'person', userId }, this.opts(`p-${dedupKey}`));
  }

  async provision(chatId: number, dedupKey: string, opts: { report?: boolean } = {}): Promise<void> {
    await this.queue.add('provision', { kind: 'provision', chatId, ...(opts.report ? { report: true } : {}) }, this.opts(`c-${dedupKey}`));
  }

  /** /sync of these chats for `requester`, outside the update handler (`dedupKey`: the update). */
  async sync(requester: number, chatIds: number[], dedupKey: string): Promise<void> {
    await this.queue.add('sync', { kind: 'sync', requester, chatIds }, this.opts(`s-${dedupKey}`));
  }

  async remindAgain(chatId: number, dedupKey: string): Promise<void> {
    await this.queue.add('remind-again', { kind: 'remind-again', chatId }, this.opts(`ra-${dedupKey}`));
  }

  /** Arms the day's limit for a chat added at `addedAt` (bot clock). */
  async leaveIfUnbound(chatId: number, addedAt: number, dedupKey: string): Promise<void> {
    await this.later({ kind: 'leave', chatId, addedAt }, addedAt + UNBOUND_LEAVE_MS, `l-${chatId}-${addedAt}-${dedupKey}`);
  }

  private async remindLater(chatId: number, userId: number, sentAt: number): Promise<void> {
    await this.later({ kind: 'remind', chatId, userId, sentAt }, sentAt + JOIN_REMINDER_MS, `r-${chatId}-${userId}-${sentAt}`);
  }

  /** A delayed job due at `dueAt` on the bot's clock. */
  private async later(data: ChatJob, dueAt: number, key: string): Promise<void> {
    const delay = Math.max(0, dueAt - this.chats.org.now());
    await this.queue.add(data.kind, data, { ...this.opts(key), delay });
  }

  private opts(key: string) {
    return {
      jobId: createHash('sha256').update(key).digest('base64url').slice(0, 32),
      attempts: 8,
      backoff: { type: 'exponential' as const, delay: 2000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler('daily-sync', { every: DAILY_SYNC_MS }, { name: 'daily', data: { kind: 'daily' } });
    // Every job is background work: its MAX calls and the messages it queues take a bounded
    // share of the MAX rate, after people's replies (issue 23).
    // A final MAX refusal fails the job at once (FinalMaxRefusal): retrying would only repeat it.
    // But not a 403: a chat may be bound before a curator makes the bot its admin, and reading its
    // members waits for the rights as it always did (8 tries over about four minutes).
    this.worker = new Worker<ChatJob>(
      QUEUE,
      (job) =>
        inBackground(() => this.run(job)).catch((err: unknown) => {
          throw classifyMax(err).status === FORBIDDEN ? err : forJob(err);
        }),
      {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: 1,
      },
    );
    this.worker.on('error', (err) => this.log.error({ err }, 'chat-sync worker error'));
    // A chat bound just before a crash, whose provisioning job was never queued: do it now.
    for (const chat of await this.chats.store.bound()) {
      if (!chat.provisioned) await this.provision(chat.chatId, `resume-${chat.boundAt ?? 0}`, { report: true });
    }
  }

  /** Runs one job; exported for the worker only. */
  private async run(job: Job<ChatJob>): Promise<void> {
    const key = `chat-job:${job.id}:${job.attemptsMade}`;
    const data = job.data;
    switch (data.kind) {
      case 'person': {
        // Links and hand-add lists are not urgent: they wait for working hours (003 6.2).
        const notBefore = await this.chats.org.nonUrgentAt();
        return this.deliver(await this.chats.syncPerson(data.userId, notBefore), key);
      }
      case 'provision': {
        const chat = await this.chats.store.get(data.chatId);
        if (chat?.status !== 'bound') return;
        await this.chats.postRulesOnce(chat, this.chats.org.config.WORK_HOURS);
        const notBefore = await this.chats.org.nonUrgentAt();
        const done = await this.chats.provision(chat, notBefore);
        await this.deliver(done, key);
        if (data.report) await this.bindingReport(chat, done.report, `chat-job:${job.id}:bound-report`);
        await this.chats.store.update(chat.chatId, { provisioned: '1' });
        return;
      }
      case 'remind':
        if (await this.early(data, data.sentAt + JOIN_REMINDER_MS, `r-${data.chatId}-${data.userId}-${data.sentAt}`)) return;
        return this.remind(data.chatId, data.userId, data.sentAt, key);
      case 'remind-again':
        return this.remindAll(data.chatId, key);
      case 'leave':
        if (await this.early(data, data.addedAt + UNBOUND_LEAVE_MS, `l-${data.chatId}-${data.addedAt}`)) return;
        return this.leave(data.chatId, data.addedAt);
      case 'daily':
        return this.daily(key);
      case 'sync':
        return this.syncFor(job as Job<Extract<ChatJob, { kind: 'sync' }>>);
    }
  }

  /** Puts a job that runs before its time on the bot's clock back for the rest; true if it did. */
  private async early(data: ChatJob, dueAt: number, key: string): Promise<boolean> {
    const now = this.chats.org.now();
    if (now >= dueAt) return false;
    await this.later(data, dueAt, `${key}:${now}`);
    return true;
  }

  private async deliver(inv: Invitations, key: string): Promise<void> {
    if (inv.messages.length > 0) await this.outbox.send(inv.messages, key);
    // Each person sent a link gets one reminder later, if they have not joined by then.
    for (const l of inv.linked) await this.remindLater(l.chatId, l.userId, l.at);
  }

  /**
   * Right after binding: whoever answers for the chat (and whoever bound it) hears at once
   * who is in it and should not be, and who is still missing. A stranger in a children's
   * chat must not wait for working hours. The findings become the daily check's baseline,
   * so it reports only what changes after.
   */
  private async bindingReport(chat: ChatRecord, report: SyncReport, key: string): Promise<void> {
    await this.chats.store.update(chat.chatId, { lastSyncDigest: syncDigest(report) });
    if (report.missing.length === 0 && report.strangers.length === 0) return;
    const to = [...new Set([...(await this.chats.responsible(chat)), ...(chat.boundBy ? [chat.boundBy] : [])])];
    this.log.info({ chatId: chat.chatId, strangers: report.strangers.length, missing: report.missing.length }, 'binding report');
    await this.outbox.send(await syncReportMessages(this.chats, chat, report, to, T.bindReportTitle(chat.title)), key);
  }

  /** One reminder to someone who was sent a chat's link and has not joined. */
  private async remind(chatId: number, userId: number, sentAt: number, key: string): Promise<void> {
    const p = await this.chats.store.placement(chatId, userId);
    if (p?.state !== 'link_sent' || p.at !== sentAt || p.remindedAt) return;
    const chat = await this.chats.store.get(chatId);
    const t = chat ? this.chats.target(chat) : null;
    if (!chat || !t || !chat.link || !belongsIn(t, await this.chats.facts(userId))) return;
    if (await this.chats.isMember(chatId, userId)) {
      await this.chats.store.place(chatId, userId, { state: 'present', at: this.chats.org.now() });
      return;
    }
    const notBefore = await this.chats.org.nonUrgentAt();
    await this.outbox.send([this.chats.linkMessage(chat, userId, notBefore, true)], key);
    await this.chats.store.place(chatId, userId, { ...p, remindedAt: this.chats.org.now() });
  }

  /** The curator's "remind again": the link once more to everyone who has not joined. */
  private async remindAll(chatId: number, key: string): Promise<void> {
    const chat = await this.chats.store.get(chatId);
    if (chat?.status !== 'bound' || !chat.link) return;
    const notBefore = await this.chats.org.nonUrgentAt();
    const now = this.chats.org.now();
    const messages = [];
    for (const [userId, p] of await this.chats.store.placements(chatId)) {
      if (p.state !== 'link_sent') continue;
      messages.push(this.chats.linkMessage(chat, userId, notBefore, true));
      await this.chats.store.place(chatId, userId, { ...p, remindedAt: now });
    }
    if (messages.length > 0) await this.outbox.send(messages, key);
  }

  private async leave(chatId: number, addedAt: number): Promise<void> {
    const chat = await this.chats.store.get(chatId);
    if (chat?.status !== 'unbound' || chat.addedAt !== addedAt) return;
    this.log.info({ chatId }, 'nobody bound the chat within a day; leaving');
    await this.chats.leave(chat, T.leftUnbound);
  }

  private async daily(key: string): Promise<void> {
    for (const chat of await this.chats.store.bound()) {
      try {
        // MAX does not send bot_admin_permissions_changed to polling bots: re-read the rights.
        const rights = await this.chats.rightsReport(chat, await this.chats.currentRights(chat.chatId));
        if (rights.length > 0) await this.outbox.send(rights, `${key}:rights:${chat.chatId}`);
        const report = await this.chats.diff(chat);
        const digest = syncDigest(report);
        if (digest === chat.lastSyncDigest) continue; // report only changes
        await this.chats.store.update(chat.chatId, { lastSyncDigest: digest });
        if (report.missing.length === 0 && report.strangers.length === 0) continue;
        // A daily report is not urgent: it waits for working hours (003 6.2).
        const notBefore = await this.chats.org.nonUrgentAt();
        const messages = (await syncReportMessages(this.chats, chat, report)).map((m) => ({ ...m, notBefore }));
        await this.outbox.send(messages, `${key}:${chat.chatId}`);
      } catch (err) {
        this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'daily sync of a chat failed');
      }
    }
  }

  /**
   * /sync: each chat's report goes to the person who asked, through the outbox under a
   * key of the job and chat (a retried job sends each report once); how far it got is
   * written into the job, and several chats get one progress message, edited per chat.
   */
  private async syncFor(job: Job<Extract<ChatJob, { kind: 'sync' }>>): Promise<void> {
    const { requester, chatIds } = job.data;
    const total = chatIds.length;
    let mid = job.data.progressMid ?? null;
    const progress = async (text: string) => {
      if (total < 2) return;
      try {
        if (mid) await this.api.editMessage(mid, { text });
        else {
          mid = (await this.api.sendMessageToUser(requester, text)).body.mid;
          await job.updateData({ ...job.data, progressMid: mid });
        }
      } catch (err) {
        // Progress is a courtesy: the reports themselves still go out.
        this.log.warn({ jobId: job.id, err: (err as Error).message }, 'sync progress not shown');
      }
    };
    for (let i = job.data.done ?? 0; i < total; i++) {
      const chatId = chatIds[i]!;
      await progress(T.syncProgress(i + 1, total));
      const key = `chat-job:${job.id}:sync:${chatId}`;
      const chat = await this.chats.store.get(chatId);
      if (chat?.status === 'bound') {
        try {
          const report = await this.chats.diff(chat);
          await this.outbox.send(await syncReportMessages(this.chats, chat, report, [requester]), key);
        } catch (err) {
          // A chat that is gone (or unreachable) is reported on its own; the rest are still checked.
          this.log.warn({ chatId, err: (err as Error).message }, '/sync of one chat failed');
          await this.outbox.send([{ to: { userId: requester }, text: T.syncFailed(chat.title) }], key);
        }
      }
      await job.updateData({ ...job.data, progressMid: mid, done: i + 1 });
    }
    await progress(T.syncDone(total));
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }
}
