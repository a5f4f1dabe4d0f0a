// Working hours and speech etiquette applied to messages in bound chats (SPEC
// §3.5–3.6). The rules themselves are pure (src/policy/hours, src/policy/etiquette,
// src/policy/sanctions); this applies them: delete, explain, warn, report, remove,
// remind, hold and re-post in the morning.
import { isStaffRole } from '../policy/roles.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../log.js';
import { DEFAULT_CHAT_POLICY, type ChatPolicy, type RuleMode } from '../policy/chat-policy.js';
import { isChildrensChat, isStudyChat } from '../policy/chat-membership.js';
import { checkMessage, type PersonalDataKind, type RuleId } from '../policy/etiquette/index.js';
import { currentOffPeriod, describeWhen, nextWorkingStart, type WorkingHours } from '../policy/hours/index.js';
import { applyOverride, parseOverride, type HoursSettings } from '../policy/hours/settings.js';
import { canDeleteOthers, chatTypeOf, missingRights } from '../policy/chat-rights.js';
import { sanctionFor, VIOLATION_WINDOW_DAYS } from '../policy/sanctions.js';
import type { ChatRecord, RightsNotice } from '../store/chat-store.js';
import type { ConductStore } from '../store/conduct-store.js';
import { strangerChoice } from '../chats/buttons.js';
import { falseAlarm, nudgeMove } from './buttons.js';
import type { Chats } from '../chats/chats.js';
import { RIGHT_NAMES_RU } from '../chats/texts.js';
import { nameFromMax } from '../org/admin-names.js';
import type { UpdateContext } from '../bot/context.js';
import type { Keyboard, Outbox } from '../bot/outbox.js';
import type { MaxUpdate } from '../bot/update.js';
import { capitalisedFlaggedWords } from './known-names.js';
import { CONDUCT_TEXTS as T } from './texts.js';

type ChatMessage = Extract<MaxUpdate, { update_type: 'message_created' | 'message_edited' }>;

const MODE_RANK: Record<RuleMode, number> = { off: 0, report: 1, warn: 2, delete: 3 };

export function chatPolicyOf(chat: ChatRecord): ChatPolicy {
  const p = (chat.policy ?? {}) as Partial<ChatPolicy>;
  return { ...DEFAULT_CHAT_POLICY, ...p, rules: { ...DEFAULT_CHAT_POLICY.rules, ...(p.rules ?? {}) }, removeStrangers: chat.removeStrangers };
}

export class Conduct {
  constructor(
    private readonly chats: Chats,
    readonly store: ConductStore,
    private readonly outbox: Outbox,
    private readonly api: Api,
    private readonly log: Logger,
  ) {}

  private get org() {
    return this.chats.org;
  }

  /** The chat's hours: its own if set, else the organisation's. */
  /** The chat's hours: the organisation's, with the fields the chat set differently. */
  async hoursOf(chat: ChatRecord): Promise<WorkingHours> {
    // Most chats keep the organisation's hours: its computed (and cached) schedule serves them.
    if (chat.hours === null || (typeof chat.hours === 'object' && Object.keys(chat.hours as object).length === 0)) return this.org.workingHours();
    return this.org.hoursIn(await this.hoursSettingsOf(chat));
  }

  async hoursSettingsOf(chat: ChatRecord): Promise<HoursSettings> {
    return applyOverride(await this.org.hoursSettings(), parseOverride(chat.hours));
  }

  async onChatMessage(ctx: UpdateContext, u: ChatMessage): Promise<void> {
    const sender = u.message.sender;
    const chatId = u.message.recipient.chat_id;
    if (!sender || sender.is_bot || chatId == null || sender.user_id === ctx.services.bot.userId) return;
    // The commonest update of all: the record comes from the process cache (see ChatStore.cached).
    const chat = await this.chats.store.cached(chatId);
    if (chat?.status !== 'bound' || !chat.kind) return;
    if (u.update_type === 'message_created') await this.store.note({ type: 'message', chatId, unitId: chat.unitId });
    const text = u.message.body.text ?? '';
    const policy = chatPolicyOf(chat);
    // Who wrote, and their name, are looked up only when a rule or the hours need them:
    // most messages are clean and written in working time.
    let looked: Promise<{ name: string; isStaff: boolean; family: boolean }> | null = null;
    const lookUp = async () => {
      const facts = await this.chats.facts(sender.user_id);
      const name = (await this.org.people.fullNames([sender.user_id])).get(sender.user_id) ?? nameFromMax(sender) ?? `id ${sender.user_id}`;
      return {
        name,
        isStaff: facts.roles.some((r) => isStaffRole(r.role)) || facts.curates.length > 0,
        family: facts.roles.some((r) => (r.role === 'student' || r.role === 'parent') && (chat.unitId === null || r.unitId === chat.unitId)),
      };
    };
    // Looked up at most once per message, when etiquette or the hours first need it.
    const writer = () => (looked ??= lookUp());

    // Etiquette first: a deleted message needs no working-hours treatment.
    const enabled = (Object.keys(policy.rules) as RuleId[]).filter((r) => policy.rules[r] !== 'off');
    let verdicts = text ? checkMessage(text, { rules: enabled }) : [];
    // The school's own public numbers (/numbers) may be posted: read only when a number was found.
    let allowedNumbers: string[] = [];
    if (verdicts.some((v) => v.rule === 'personal_data')) {
      allowedNumbers = await this.org.org.publicNumbers();
      if (allowedNumbers.length > 0) verdicts = checkMessage(text, { rules: enabled, allowedNumbers });
    }
    // A capitalised word it would report may be the surname of one of the organisation's people.
    const flagged = capitalisedFlaggedWords(text, verdicts);
    if (flagged.length > 0) {
      const knownNames = await this.org.people.knownNameWords(flagged);
      if (knownNames.size > 0) verdicts = checkMessage(text, { rules: enabled, allowedNumbers, knownNames });
    }
    if (verdicts.length > 0) {
      const w = await writer();
      // Every rule broken is on the ladder (a name-call with an obscene word is profanity and an insult);
      // the strongest mode decides what happens to the message.
      const rules = [...new Set(verdicts.map((v) => v.rule))].sort((a, b) => MODE_RANK[policy.rules[b]] - MODE_RANK[policy.rules[a]]);
      const personal = verdicts.find((v) => v.rule === 'personal_data');
      const personalKind = personal && 'kind' in personal ? (personal.kind as PersonalDataKind) : undefined;
      const deleted = await this.sanction(ctx, chat, policy, {
        userId: sender.user_id,
        name: w.name,
        isStaff: w.isStaff && !w.family,
        mid: u.message.body.mid,
        rules,
        personalKind,
      });
      if (deleted) return;
    }
    if (u.update_type === 'message_edited' || !isStudyChat(chat.kind) || policy.offHours === 'off') return;

    const hours = await this.hoursOf(chat);
    const now = this.org.now();
    const off = currentOffPeriod(hours, now);
    if (!off) return;
    const { name, isStaff, family } = await writer();
    const next = nextWorkingStart(hours, now);
    const when = next ? describeWhen(next, now, hours.timeZone) : 'в рабочее время';
    if (family) {
      const canDelete = canDeleteOthers(chatTypeOf(chat.isChannel), chat.permissions);
      if (policy.offHours === 'hold' && canDelete && next && text) {
        await this.api.deleteMessage(u.message.body.mid);
        const post = T.heldPost(name, T.time(now, hours.timeZone), text);
        await this.outbox.send(
          [{ to: { chatId: chat.chatId }, text: post, notBefore: next.getTime(), about: { userIds: [sender.user_id] } }],
          `held:${ctx.updateId}`,
        );
        ctx.send({ to: { userId: sender.user_id }, text: T.held(when) });
        await this.store.note({ type: 'held', chatId: chat.chatId, unitId: chat.unitId });
        return;
      }
      if (policy.offHours === 'hold' && !canDelete) await this.tellMissingOnce(ctx, chat, 'hold');
      const ttl = off.endsAt ? Math.ceil((off.endsAt.getTime() - now) / 1000) + 3600 : 7 * 24 * 3600;
      if (await this.store.firstReminder(chat.chatId, off.id, ttl)) ctx.reply(T.remind(when));
      return;
    }
    if (isStaff && (chat.kind === 'unit_parents' || chat.kind === 'unit_students') && next && text) {
      const nudgeId = randomBytes(9).toString('base64url');
      await this.store.saveNudge(nudgeId, { chatId: chat.chatId, mid: u.message.body.mid, userId: sender.user_id, text, at: next.getTime() });
      ctx.send({
        to: { userId: sender.user_id },
        text: T.staffNudge(chat.title, when),
        keyboard: [
          [
            { text: T.staffNudgeYes, payload: nudgeMove.encode(nudgeId, 'y') },
            { text: T.staffNudgeNo, payload: nudgeMove.encode(nudgeId, 'n') },
          ],
        ],
      });
    }
  }

  /** Applies the ladder for one violation; returns whether the message was deleted. */
  private async sanction(
    ctx: UpdateContext,
    chat: ChatRecord,
    policy: ChatPolicy,
    broken: { userId: number; name: string; isStaff: boolean; mid: string; rules: RuleId[]; personalKind?: PersonalDataKind | undefined },
  ): Promise<boolean> {
    const now = this.org.now();
    let fresh = false;
    let count = 0;
    for (const rule of broken.rules) {
      const r = await this.store.recordViolation(chat.chatId, broken.userId, rule, broken.mid, now, VIOLATION_WINDOW_DAYS);
      fresh ||= r.fresh;
      count = Math.max(count, r.count);
    }
    if (!fresh) return false;
    const v = { ...broken, rule: broken.rules[0]! };
    const canDelete = canDeleteOthers(chatTypeOf(chat.isChannel), chat.permissions);
    const s = sanctionFor({ mode: policy.rules[v.rule], count, isStaff: v.isStaff, autoRemove: policy.autoRemove, canDelete });
    // Every explanation and report carries "это ошибка": pressed false alarms are counted per rule.
    const violationId = createHash('sha256').update(`${chat.chatId}|${v.mid}|${v.rule}`).digest('base64url').slice(0, 16);
    await this.store.saveViolationRef(violationId, { chatId: chat.chatId, userId: v.userId, rule: v.rule, at: now }, VIOLATION_WINDOW_DAYS);
    const mistake = [{ text: T.falseAlarmBtn, payload: falseAlarm.encode(violationId) }];
    let deleted = false;
    // The rule says delete and the writer is not staff, but the bot lacks the right: the binder hears of it once.
    if (policy.rules[v.rule] === 'delete' && !v.isStaff && !canDelete) await this.tellMissingOnce(ctx, chat, 'moderation');
    if (s.deleteMessage) {
      try {
        await this.api.deleteMessage(v.mid);
        deleted = true;
      } catch (err) {
        this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'deleting a violation failed');
      }
    }
    this.log.info({ chatId: chat.chatId, userId: v.userId, rule: v.rule, count, deleted }, 'rule violation');
    if (s.explainPrivately)
      ctx.send({
        to: { userId: v.userId },
        text: T.violationPrivate(v.rule, deleted, chat.title, v.rule === 'personal_data' ? v.personalKind : undefined),
        keyboard: [mistake],
      });
    if (s.warnInChat) ctx.send({ to: { chatId: chat.chatId }, text: T.violationWarn(v.name) });
    const reportTo = s.informCurator || s.offerRemoval || s.removeNow ? await this.reportRecipients(chat, v.userId) : [];
    // Reports wait for working hours (003 6.2) unless they are about a child's safety:
    // personal data in a children's chat goes at once.
    const urgent = v.rule === 'personal_data' && isChildrensChat(chat.kind!);
    const notBefore = urgent ? undefined : await this.org.nonUrgentAt();
    const report = (text: string, keyboard: Keyboard) => {
      for (const c of reportTo) ctx.send({ to: { userId: c }, text, keyboard, ...(notBefore ? { notBefore } : {}), about: { userIds: [v.userId] } });
    };
    if (s.informCurator) report(T.curatorReport(chat.title, v.name, v.rule, count), [mistake]);
    const removed = s.removeNow && (await this.chats.remove(chat, v.userId));
    await this.org.audit.append(0, 'sanction.applied', `user:${v.userId}`, {
      chat: chat.chatId,
      unit: chat.unitId ?? '-',
      rule: v.rule,
      count,
      deleted: deleted ? 1 : 0,
      removed: removed ? 1 : 0,
    });
    if (removed) {
      report(T.removedAuto(chat.title, v.name, count), []);
    } else if (s.offerRemoval || s.removeNow) {
      report(T.curatorRemoveOffer(chat.title, v.name, count), [[{ text: T.removeBtn, payload: strangerChoice.encode(chat.chatId, v.userId, 'rm') }], mistake]);
    }
    return deleted;
  }

  /**
   * Tells whoever bound the chat, once, which right the bot needs to delete others'
   * messages here (named as MAX names it for this chat type). Not again for the same
   * missing rights until the bot's rights change (Chats.rightsReport resets it).
   */
  private async tellMissingOnce(ctx: UpdateContext, chat: ChatRecord, about: RightsNotice): Promise<void> {
    if (!chat.boundBy) return;
    const type = chatTypeOf(chat.isChannel);
    const missing = missingRights(type, chat.permissions);
    if (!missing.includes('moderate') || !(await this.chats.store.tellOnce(chat.chatId, about, missing.join(',')))) return;
    const right = RIGHT_NAMES_RU[type].moderate;
    this.log.info({ chatId: chat.chatId, about }, 'binder told the bot cannot delete here');
    ctx.send({ to: { userId: chat.boundBy }, text: about === 'hold' ? T.holdFallback(chat.title, right) : T.cannotDelete(chat.title, right) });
  }

  /**
   * Who hears about a violation: the chat's curators — but never the writer about
   * themself: a report about a curator (or about whoever would get it) goes to the admins.
   */
  private async reportRecipients(chat: ChatRecord, writer: number): Promise<number[]> {
    const responsible = await this.chats.responsible(chat);
    if (!responsible.includes(writer)) return responsible;
    return (await this.org.people.holders('admin', 'verified')).filter((id) => id !== writer);
  }

  /** "Это ошибка" pressed: recorded once per violation, by the person it was about or by whoever got the report. */
  async falseAlarm(violationId: string, presser: number): Promise<'recorded' | 'already' | 'not_yours' | 'unknown'> {
    const v = await this.store.violationRef(violationId);
    if (!v) return 'unknown';
    if (presser !== v.userId) {
      const chat = await this.chats.store.get(v.chatId);
      const allowed = chat ? await this.reportRecipients(chat, v.userId) : [];
      if (!allowed.includes(presser) && !(await this.org.people.verifiedRoles(presser)).has('admin')) return 'not_yours';
    }
    if (!(await this.store.markFalseAlarm(violationId, presser))) return 'already';
    this.log.info({ chatId: v.chatId, rule: v.rule, by: presser }, 'false alarm marked');
    return 'recorded';
  }

  /** The staff member chose to move an off-hours message to the morning. */
  async moveNudged(nudgeId: string, userId: number, move: boolean): Promise<string | null> {
    const n = await this.store.takeNudge(nudgeId);
    if (!n || n.userId !== userId) return null;
    if (!move) return T.staffKept;
    const chat = await this.chats.store.get(n.chatId);
    if (!chat) return null;
    await this.api.deleteMessage(n.mid).catch(() => undefined);
    await this.outbox.send(
      [{ to: { chatId: n.chatId }, text: n.text, notBefore: n.at, about: { userIds: [n.userId] } }],
      `nudge:${createHash('sha256').update(nudgeId).digest('hex').slice(0, 16)}`,
    );
    const hours = await this.hoursOf(chat);
    return T.staffMoved(describeWhen(n.at, this.org.now(), hours.timeZone));
  }
}
