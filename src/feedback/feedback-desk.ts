// Feedback (/feedback): stored once, delivered to the admins within working hours (it is
// not urgent), and read back by the admins with /feedback list.
import { feedbackFlow } from '../flows/feedback/feedback.js';
import type { FeedbackStore } from '../store/feedback-store.js';
import type { Command } from '../bot/commands/types.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import { ORG_TEXTS } from '../org/texts.js';
import { FEEDBACK_DESK_TEXTS as T } from './texts.js';

const LIST_DEFAULT = 10;
const LIST_MAX = 50;
/** A long text is cut in the list; the admins got it whole when it was sent. */
const LIST_TEXT_MAX = 500;

export class FeedbackDesk {
  constructor(
    private readonly org: Organisation,
    private readonly store: FeedbackStore,
  ) {}

  /** The flow's end: keep the text and pass it to every admin (the outbox makes it once-only per key). */
  async submit(userId: number, text: string, key: string): Promise<OutgoingMessage[]> {
    await this.store.add(userId, text, key, this.org.now());
    const admins = await this.org.people.holders('admin', 'verified');
    if (admins.length === 0) return [];
    const name = (await this.org.people.fullNames([userId])).get(userId) ?? null;
    const notBefore = await this.org.nonUrgentAt();
    return admins.map((a) => ({ to: { userId: a }, text: T.toAdmins(name, userId, text), notBefore, about: { userIds: [userId] } }));
  }

  async list(count: number): Promise<string> {
    const items = await this.store.list(count);
    if (items.length === 0) return T.listEmpty;
    const names = await this.org.people.fullNames([...new Set(items.map((f) => f.userId))]);
    const zone = (await this.org.org.settings()).timeZone;
    const lines = items.map((f) => {
      const text = f.text.length > LIST_TEXT_MAX ? `${f.text.slice(0, LIST_TEXT_MAX)}…` : f.text;
      return T.listLine(ORG_TEXTS.ruDateTime(f.at, zone), T.author(names.get(f.userId) ?? null, f.userId), text);
    });
    return [T.listTitle, ...lines].join('\n\n');
  }

  command(): Command {
    return {
      name: 'feedback',
      description: 'Отзыв или предложение о работе бота',
      where: 'dialog',
      inMenu: true,
      usage: '[список [N]]',
      permission: 'feedback',
      run: async (ctx, args) => {
        if (!ctx.actor) return;
        const [sub, n] = args.trim().toLowerCase().split(/\s+/);
        if (!sub) return void (await ctx.services.flows.start(ctx.actor.userId, feedbackFlow.id, ctx.updateId, undefined, ctx));
        if (sub !== 'list') return ctx.reply(T.usage); // canonical: the router turned «список» into it
        if (!(await this.org.people.verifiedRoles(ctx.actor.userId)).has('admin')) return ctx.reply(T.listAdminsOnly);
        const count = Math.min(LIST_MAX, Math.max(1, Number.parseInt(n ?? '', 10) || LIST_DEFAULT));
        ctx.reply(await this.list(count));
      },
    };
  }
}
