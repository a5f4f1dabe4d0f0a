// Keeps the bot's webhook subscription at MAX. It is registered at start (POST
// /subscriptions with the URL, the update types and the secret) and checked again
// every few minutes (GET /subscriptions): if it is gone — MAX may drop it, DELETE
// /subscriptions removes it, and so does any instance started in polling mode — or
// it lacks one of our update types, it is registered again. Every instance runs its own check:
// a check is one GET, and registering the same URL twice changes nothing.
import type { Api } from '@maxhub/max-bot-api';
import type { UpdateType } from '@maxhub/max-bot-api/types';
import type { Logger } from '../../log.js';
import { withinMs } from '../../ops/deadline.js';

export interface SubscriptionOptions {
  url: string;
  secret: string;
  updateTypes: readonly string[];
  /** Mean time between checks (default 5 minutes; 30 s after a failure); each wait is drawn within ±20 % of it. */
  checkEveryMs?: number;
  /** Source of randomness for the jitter (tests pin it). */
  random?: () => number;
}

export const DEFAULT_SUBSCRIPTION_CHECK_MS = 5 * 60_000;
const RETRY_AFTER_FAILURE_MS = 30_000;
const STOP_WAIT_MS = 1_000;

export type CheckOutcome = 'present' | 'registered' | 'failed' | 'stopped';

export class SubscriptionKeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly api: Api,
    private readonly log: Logger,
    private readonly opts: SubscriptionOptions,
  ) {}

  /** Registers the subscription (a failure is logged and retried at the next check) and starts the checks. */
  async start(): Promise<void> {
    this.stopped = false;
    this.schedule(await this.track(this.register('start')));
  }

  /** No more checks. A check under way is waited for only briefly: MAX may be slow, and a stop must not be. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await withinMs(
      this.running.catch(() => undefined),
      STOP_WAIT_MS,
    );
  }

  /** One check: registers the subscription again when MAX no longer has it as ours. */
  async check(): Promise<CheckOutcome> {
    let subscriptions: { url: string; updateTypes?: string[] | null }[];
    try {
      subscriptions = (await this.api.getSubscriptions()) ?? [];
    } catch (err) {
      this.log.warn(
        { event: 'webhook.subscription.check_failed', err: (err as Error).message },
        'could not read the webhook subscriptions; checking again later',
      );
      return 'failed';
    }
    if (this.stopped) return 'stopped';
    const ours = subscriptions.find((s) => s.url === this.opts.url);
    // An empty list means the platform's default types, which leave out the webhook-only ones;
    // a subscription that does not report its types at all is taken as it is.
    const reported = ours?.updateTypes;
    const missing = ours && Array.isArray(reported) ? this.opts.updateTypes.filter((t) => !reported.includes(t)) : [];
    if (ours && missing.length === 0) return 'present';
    this.log.warn(
      { event: 'webhook.subscription.lost', url: this.opts.url, found: subscriptions.map((s) => s.url), missingTypes: missing },
      ours ? 'the webhook subscription lacks update types; registering it again' : 'the webhook subscription is gone at MAX; registering it again',
    );
    return this.register('check');
  }

  private async register(reason: 'start' | 'check'): Promise<CheckOutcome> {
    try {
      // The SDK's UpdateType predates bot_admin_permissions_changed; MAX accepts it by name.
      const result = await this.api.subscribe(this.opts.url, this.opts.secret, [...this.opts.updateTypes] as unknown as UpdateType[]);
      if (result && (result as { success?: boolean }).success === false) {
        this.log.error(
          { event: 'webhook.subscription.refused', url: this.opts.url, reason, message: (result as { message?: string }).message },
          'MAX refused the webhook subscription (it needs https:// on port 443 with a trusted certificate); retrying at the next check',
        );
        return 'failed';
      }
      this.log.info({ event: 'webhook.subscription.registered', url: this.opts.url, reason }, 'webhook subscription registered');
      return 'registered';
    } catch (err) {
      this.log.error(
        { event: 'webhook.subscription.failed', url: this.opts.url, reason, err: (err as Error).message },
        'webhook subscription failed; retrying at the next check',
      );
      return 'failed';
    }
  }

  /** The next check; after a failure sooner, so that a bot without a subscription does not wait minutes. */
  private schedule(last: CheckOutcome): void {
    if (this.stopped) return;
    const every = this.opts.checkEveryMs ?? DEFAULT_SUBSCRIPTION_CHECK_MS;
    const mean = last === 'failed' ? Math.min(every, RETRY_AFTER_FAILURE_MS) : every;
    const random = this.opts.random ?? Math.random;
    // Jitter keeps the instances of one bot from checking all at once.
    const wait = Math.max(1, Math.round(mean * (0.8 + 0.4 * random())));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.track(this.check()).then(
        (outcome) => this.schedule(outcome),
        () => this.schedule('failed'),
      );
    }, wait);
    this.timer.unref();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running = work;
    return work;
  }
}
