// Keeps chat membership true (SPEC §3.4): who belongs is decided by
// src/policy/chat-membership.ts; this service reads the real member lists and
// removes through the SDK (rate-limited and retried by its fetch). Since 9 September
// 2026 MAX refuses to let bots add members, so people get the chat's link privately
// (a link button) and the bot follows who joined from user_added; adding directly is
// tried once per chat and, once MAX refuses, never again for that chat. Without a
// link, the curator is asked to add people by hand.
import { withoutMarkChars } from '../policy/unit-word.js';
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../log.js';
import { classifyMax } from '../bot/max-errors.js';
import { belongsIn, memberSources, type ChatTarget, type MemberFacts } from '../policy/chat-membership.js';
import type { ChatRecord, ChatStore } from '../store/chat-store.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import { chatTypeOf, has, missingRights } from '../policy/chat-rights.js';
import { CHAT_TEXTS as T, missingRightLine } from './texts.js';
import type { HoursWindow } from '../policy/hours/index.js';
import type { PersonalDataHolder } from '../store/personal-data.js';

const ADD_BATCH = 100;

export interface ChatMemberInfo {
  userId: number;
  name: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
}

export interface SyncReport {
  missing: number[];
  strangers: ChatMemberInfo[];
}

/** What adding people produced: messages to send, and who was sent which chat's link when. */
export interface Invitations {
  messages: OutgoingMessage[];
  linked: Array<{ chatId: number; userId: number; at: number }>;
}

function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p) => b.includes(p));
}

export class Chats {
  /** The erasure's step out of the chats: with no role left, the person leaves every bound chat the bot placed them in. */
  readonly personalData: PersonalDataHolder = {
    name: 'chat-membership',
    families: {},
    erase: async ({ userId }) => void (await this.syncPerson(userId)),
  };

  constructor(
    readonly org: Organisation,
    readonly store: ChatStore,
    private readonly api: Api,
    private readonly botUserId: () => number,
    private readonly log: Logger,
  ) {}

  /** A chat's title by its id, null for a chat the bot does not know (the audit's readable lines name chats by it). */
  readonly title = async (chatId: number): Promise<string | null> => (await this.store.get(chatId))?.title || null;

  /** Bound chats the person sees in /chats: every one for admins and the director, else their units' and those they bound. */
  async inScope(userId: number): Promise<ChatRecord[]> {
    const actor = await this.org.actor(userId);
    const all = await this.store.bound();
    if (actor.roles.has('admin') || actor.roles.has('director')) return all;
    return all.filter((c) => (c.unitId !== null && actor.curatedUnits.has(c.unitId)) || c.boundBy === userId);
  }

  /** What the policy needs to know about a person (verified roles only). */
  async facts(userId: number): Promise<MemberFacts> {
    return (await this.factsOf([userId])).get(userId)!;
  }

  target(chat: ChatRecord): ChatTarget | null {
    if (chat.status !== 'bound' || !chat.kind) return null;
    return { kind: chat.kind, unitId: chat.unitId, boundBy: chat.boundBy ?? 0 };
  }

  /**
   * Everyone in the organisation who belongs in the chat. Only the chat's own people are
   * read: the verified-role index names the candidates (policy memberSources), and
   * belongsIn decides for each, on their roles and curated units read in one pipeline.
   */
  async expected(chat: ChatRecord): Promise<number[]> {
    const t = this.target(chat);
    if (!t) return [];
    const src = memberSources(t);
    const needUnits = src.anywhere.length > 0 || src.activists.length > 0;
    // The units are read once, for both the index and every curator.
    const unitIds = needUnits || src.allCurators ? await this.org.org.unitIds() : [];
    const [indexed, curators] = await Promise.all([
      this.org.people.verifiedAmong({ ...src, unitIds: needUnits ? unitIds : [] }),
      src.allCurators ? this.org.org.allCurators(unitIds) : src.curatorsOf ? this.org.org.curators(src.curatorsOf) : Promise.resolve([]),
    ]);
    const ids = [...new Set([...indexed, ...curators, ...(src.boundBy && t.boundBy ? [t.boundBy] : [])])];
    // The people store reads them a pipeline of PEOPLE_PER_PIPELINE at a time, with a turn of the
    // event loop in between, so a large chat's check never holds it for long (issue 23).
    const facts = await this.factsOf(ids);
    return ids.filter((id) => belongsIn(t, facts.get(id)!));
  }

  /** `facts` for many people at once (one pipeline). */
  async factsOf(userIds: number[]): Promise<Map<number, MemberFacts>> {
    const read = await this.org.people.rolesAndCurated(userIds);
    return new Map(
      userIds.map((userId) => {
        const r = read.get(userId)!;
        const roles = r.memberships.filter((m) => m.status === 'verified').map((m) => ({ role: m.role, unitId: m.unitId, activist: m.activist }));
        return [userId, { userId, roles, curates: r.curates }];
      }),
    );
  }

  /** The real member list, all pages. */
  async members(chatId: number): Promise<ChatMemberInfo[]> {
    const out: ChatMemberInfo[] = [];
    let marker: number | undefined;
    for (let page = 0; page < 200; page++) {
      const res = await this.api.getChatMembers(chatId, { count: 100, ...(marker ? { marker } : {}) });
      for (const m of res.members) {
        out.push({
          userId: m.user_id,
          name: withoutMarkChars([m.first_name, m.last_name].filter(Boolean).join(' ')),
          isAdmin: m.is_admin,
          isOwner: m.is_owner,
          isBot: m.is_bot,
        });
      }
      if (!res.marker) break;
      marker = res.marker;
    }
    return out;
  }

  /** The Russian lines for each right the chat's bot lacks (which rights count depends on the chat's type). */
  static missingRights(chat: { isChannel: boolean; permissions: readonly string[] }): string[] {
    const type = chatTypeOf(chat.isChannel);
    return missingRights(type, chat.permissions).map((need) => missingRightLine(type, need));
  }

  /** Reads the bot's own rights; returns the Russian lines for each missing one. */
  async checkRights(chatId: number): Promise<string[]> {
    const me = await this.api.getChatMembership(chatId);
    const perms = me.permissions ?? [];
    const before = await this.store.get(chatId);
    await this.store.update(chatId, { permissions: perms });
    if (before && !samePermissions(before.permissions, perms)) await this.store.forgetRightsNotices(chatId);
    try {
      const chat = await this.api.getChat(chatId);
      await this.store.update(chatId, { link: chat.link ?? null, title: chat.title ? withoutMarkChars(chat.title) : undefined });
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'chat info unavailable');
    }
    return Chats.missingRights({ isChannel: before?.isChannel ?? false, permissions: perms });
  }

  /**
   * Stores the bot's rights and, when what is missing changed, tells whoever bound the
   * chat what is missing now (or that all is well again). Used for
   * bot_admin_permissions_changed (webhook mode) and by the daily check, since MAX does
   * not send that update to polling bots. Changed rights also reset the one-time
   * "the bot could not delete" notices (ChatStore.tellOnce).
   */
  async rightsReport(chat: ChatRecord, permissions: string[]): Promise<OutgoingMessage[]> {
    const before = Chats.missingRights(chat);
    const after = Chats.missingRights({ isChannel: chat.isChannel, permissions });
    await this.store.update(chat.chatId, { permissions });
    if (!samePermissions(chat.permissions, permissions)) await this.store.forgetRightsNotices(chat.chatId);
    if (chat.status !== 'bound' || !chat.boundBy) return [];
    if (before.length === after.length && before.every((l) => after.includes(l))) return [];
    this.log.info({ chatId: chat.chatId, missing: after.length }, 'bot rights changed');
    return [{ to: { userId: chat.boundBy }, text: after.length > 0 ? T.rightsChanged(chat.title, after) : T.rightsRestored(chat.title) }];
  }

  /** The bot's rights as MAX reports them now. */
  async currentRights(chatId: number): Promise<string[]> {
    const me = await this.api.getChatMembership(chatId);
    return me.is_admin ? (me.permissions ?? []) : [];
  }

  /** Says why in the chat, leaves it, and forgets its binding. */
  async leave(chat: ChatRecord, text: string): Promise<void> {
    try {
      await this.api.sendMessageToChat(chat.chatId, text);
    } catch (err) {
      this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'goodbye not posted');
    }
    try {
      await this.api.leaveChat(chat.chatId);
    } catch (err) {
      this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'leaving the chat failed');
    }
    await this.store.left(chat.chatId);
  }

  /** Posts the chat's rules once and pins them where the bot may; remembered, so a repeat posts nothing. */
  async postRulesOnce(chat: ChatRecord, hours: HoursWindow): Promise<void> {
    if (chat.rulesMid) return;
    try {
      const message = await this.api.sendMessageToChat(chat.chatId, T.rules(hours));
      await this.store.update(chat.chatId, { rulesMid: message.body.mid });
      const fresh = await this.store.get(chat.chatId);
      if (fresh && has(chatTypeOf(fresh.isChannel), 'pin', fresh.permissions)) await this.api.pinMessage(chat.chatId, message.body.mid, { notify: false });
    } catch (err) {
      this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'posting or pinning the rules failed');
    }
  }

  /** Is the person a member of the chat now (MAX asked)? */
  async isMember(chatId: number, userId: number): Promise<boolean> {
    const res = await this.api.getChatMembers(chatId, { user_ids: [userId] });
    return res.members.some((m) => m.user_id === userId);
  }

  /** People to tell about a chat's problems: its unit's curators, else whoever bound it, else the admins. */
  async responsible(chat: ChatRecord): Promise<number[]> {
    if (chat.unitId) {
      const curators = await this.org.org.curators(chat.unitId);
      if (curators.length > 0) return curators;
    }
    if (chat.boundBy) return [chat.boundBy];
    return this.org.people.holders('admin', 'verified');
  }

  /** Is this person the chat's owner or one of its admins in MAX (read now, not remembered)? */
  async isChatAdmin(chatId: number, userId: number): Promise<boolean> {
    try {
      const res = await this.api.getChatMembers(chatId, { user_ids: [userId] });
      const m = res.members.find((x) => x.user_id === userId);
      return m !== undefined && (m.is_admin || m.is_owner);
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'chat admin check failed');
      return false;
    }
  }

  /** The chat's owner and admins (people, not bots), as MAX reports them now. */
  async chatAdmins(chatId: number): Promise<number[]> {
    const ids = new Set<number>();
    try {
      for (const m of (await this.api.getChatAdmins(chatId)).members) if (!m.is_bot && m.user_id !== this.botUserId()) ids.add(m.user_id);
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'chat admins unavailable');
    }
    return [...ids];
  }

  /**
   * Invites people into the chat: directly while MAX allows it for this chat, else by
   * the chat's link in a dialog (within working hours: `notBefore`), else by asking the
   * curator to add them by hand.
   */
  async add(chat: ChatRecord, userIds: number[], notBefore?: number): Promise<Invitations> {
    const now = this.org.now();
    const fresh = (await this.store.get(chat.chatId)) ?? chat;
    let pending = userIds;
    if (!fresh.directAddRefused && has(chatTypeOf(fresh.isChannel), 'members', fresh.permissions)) {
      pending = await this.addDirectly(fresh, userIds, now);
    }
    const messages: OutgoingMessage[] = [];
    const linked: Invitations['linked'] = [];
    const byHand: number[] = [];
    for (const userId of pending) {
      if (fresh.link) {
        messages.push(this.linkMessage(fresh, userId, notBefore));
        await this.store.place(chat.chatId, userId, { state: 'link_sent', at: now });
        linked.push({ chatId: chat.chatId, userId, at: now });
      } else {
        byHand.push(userId);
        await this.store.place(chat.chatId, userId, { state: 'manual', at: now });
      }
    }
    if (byHand.length > 0) {
      const names = await this.org.people.fullNames(byHand);
      const list = byHand.map((id) => names.get(id) ?? `id ${id}`);
      for (const to of await this.responsible(fresh))
        messages.push({ to: { userId: to }, text: T.addByHand(fresh.title, list), ...(notBefore ? { notBefore } : {}), about: { userIds: byHand } });
    }
    return { messages, linked };
  }

  /** The chat's link as a button, privately. */
  linkMessage(chat: ChatRecord, userId: number, notBefore?: number, reminder = false): OutgoingMessage {
    return {
      to: { userId },
      text: reminder ? T.linkReminder(chat.title) : T.linkInvite(chat.title),
      keyboard: [[{ text: T.joinBtn, url: chat.link! }]],
      ...(notBefore ? { notBefore } : {}),
    };
  }

  /** Adds directly; returns whom MAX did not add. A final refusal of the method is remembered for the chat. */
  private async addDirectly(chat: ChatRecord, userIds: number[], now: number): Promise<number[]> {
    const notAdded: number[] = [];
    for (let i = 0; i < userIds.length; i += ADD_BATCH) {
      const batch = userIds.slice(i, i + ADD_BATCH);
      try {
        const res = await this.api.addChatMembers(chat.chatId, batch);
        const failed = new Set<number>([...(res.failed_user_ids ?? []), ...(res.failed_user_details ?? []).flatMap((d) => d.user_ids)]);
        for (const id of batch) {
          if (failed.has(id)) notAdded.push(id);
          else await this.store.place(chat.chatId, id, { state: 'present', at: now });
        }
      } catch (err) {
        const refusal = classifyMax(err);
        if (refusal.kind === 'final') {
          // Decided by MAX's code, never by its message (MAX changelog, November 2026).
          await this.store.update(chat.chatId, { directAddRefused: refusal.code ?? String(refusal.status) });
          this.log.info({ chatId: chat.chatId, code: refusal.code, status: refusal.status }, 'MAX refuses adding members to this chat; links only from now on');
          notAdded.push(...userIds.slice(i));
          break;
        }
        this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'adding members failed; sending links this time');
        notAdded.push(...batch);
      }
    }
    return notAdded;
  }

  async remove(chat: ChatRecord, userId: number): Promise<boolean> {
    try {
      await this.api.removeChatMember(chat.chatId, userId);
      await this.store.place(chat.chatId, userId, { state: 'removed', at: this.org.now() });
      return true;
    } catch (err) {
      const refusal = classifyMax(err);
      const reason = refusal.status !== undefined ? `${refusal.status} ${refusal.code ?? ''}`.trim() : (err as Error).message;
      await this.store.place(chat.chatId, userId, { state: 'failed', at: this.org.now(), reason });
      this.log.warn({ chatId: chat.chatId, userId, reason }, 'removing a member failed');
      return false;
    }
  }

  /** Compares the real members with who belongs. */
  async diff(chat: ChatRecord): Promise<SyncReport & { present: ChatMemberInfo[]; expected: Set<number> }> {
    const present = await this.members(chat.chatId);
    const expected = new Set(await this.expected(chat));
    const presentIds = new Set(present.map((m) => m.userId));
    const missing = [...expected].filter((id) => !presentIds.has(id));
    const guests = await this.store.guests(chat.chatId);
    const strangers = present.filter((m) => !(m.isBot || m.userId === this.botUserId() || m.isOwner || expected.has(m.userId) || guests.has(m.userId)));
    return { present, missing, strangers, expected };
  }

  /**
   * Brings a bound chat in line: invites everyone who belongs and is missing. Returns the
   * invitations and what the comparison found (strangers, who is missing), for the report.
   */
  async provision(chat: ChatRecord, notBefore?: number): Promise<Invitations & { report: SyncReport }> {
    const d = await this.diff(chat);
    const placements = await this.store.placements(chat.chatId);
    for (const m of d.present) {
      if (!d.expected.has(m.userId)) continue;
      if (placements.get(m.userId)?.state !== 'present') await this.store.place(chat.chatId, m.userId, { state: 'present', at: this.org.now() });
    }
    const invited = d.missing.length > 0 ? await this.add(chat, d.missing, notBefore) : { messages: [], linked: [] };
    return { ...invited, report: { missing: d.missing, strangers: d.strangers } };
  }

  /**
   * Brings every bound chat in line for one person, after a domain event: added where
   * they now belong, removed where they no longer do (only from chats where the bot
   * placed them or knows them as members; never the chat's owner or admins).
   */
  async syncPerson(userId: number, notBefore?: number): Promise<Invitations> {
    const facts = await this.facts(userId);
    const out: Invitations = { messages: [], linked: [] };
    for (const chat of await this.store.bound()) {
      const t = this.target(chat)!;
      const belongs = belongsIn(t, facts);
      let present: ChatMemberInfo | undefined;
      try {
        present = (await this.api.getChatMembers(chat.chatId, { user_ids: [userId] })).members
          .map((m) => ({ userId: m.user_id, name: '', isAdmin: m.is_admin, isOwner: m.is_owner, isBot: m.is_bot }))
          .find((m) => m.userId === userId);
      } catch (err) {
        this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'member check failed');
        continue;
      }
      const placement = await this.store.placement(chat.chatId, userId);
      if (belongs && !present) {
        if (placement?.state === 'link_sent' || placement?.state === 'manual') continue;
        const r = await this.add(chat, [userId], notBefore);
        out.messages.push(...r.messages);
        out.linked.push(...r.linked);
      } else if (!belongs && present && !present.isOwner && !present.isAdmin && !(await this.store.isGuest(chat.chatId, userId))) {
        await this.remove(chat, userId);
      } else if (!belongs && !present && placement && placement.state !== 'removed') {
        await this.store.place(chat.chatId, userId, { state: 'removed', at: this.org.now() });
      }
    }
    return out;
  }
}
