// Keeps chat membership true (SPEC §3.4): who belongs is decided by
// src/policy/chat-membership.ts; this service reads the real member lists, adds and
// removes through the SDK (rate-limited and retried by its fetch), and falls back to
// a join link in a dialog, then to asking the curator to add by hand.
import type { Api } from '@maxhub/max-bot-api';
import { MaxError } from '@maxhub/max-bot-api';
import type { Logger } from '../../log.js';
import { belongsIn, type ChatTarget, type MemberFacts } from '../../policy/chat-membership.js';
import type { ChatRecord, ChatStore } from '../../store/chat-store.js';
import type { OutgoingMessage } from '../outbox.js';
import type { Organisation } from '../org/organisation.js';
import { CHAT_TEXTS as T, RIGHTS_RU } from './texts.js';

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

export class Chats {
  constructor(
    readonly org: Organisation,
    readonly store: ChatStore,
    private readonly api: Api,
    private readonly botUserId: () => number,
    private readonly log: Logger,
  ) {}

  /** What the policy needs to know about a person (verified roles only). */
  async facts(userId: number): Promise<MemberFacts> {
    const person = await this.org.people.person(userId);
    const curates = await this.org.org.curatedUnits(userId);
    const roles = (person?.memberships ?? []).filter((m) => m.status === 'verified').map((m) => ({ role: m.role, unitId: m.unitId, activist: m.activist }));
    return { userId, roles, curates };
  }

  target(chat: ChatRecord): ChatTarget | null {
    if (chat.status !== 'bound' || !chat.kind) return null;
    return { kind: chat.kind, unitId: chat.unitId, boundBy: chat.boundBy ?? chat.addedBy };
  }

  /** Everyone in the organisation who belongs in the chat. */
  async expected(chat: ChatRecord): Promise<number[]> {
    const t = this.target(chat);
    if (!t) return [];
    const ids = new Set<number>();
    for (const role of ['admin', 'director', 'curator', 'teacher', 'staff', 'student', 'parent'] as const) {
      for (const id of await this.org.people.holders(role, 'verified')) ids.add(id);
    }
    if (t.unitId) for (const id of await this.org.org.curators(t.unitId)) ids.add(id);
    ids.add(t.boundBy);
    const out: number[] = [];
    for (const id of ids) if (belongsIn(t, await this.facts(id))) out.push(id);
    return out;
  }

  /** The real member list, all pages. */
  async members(chatId: number): Promise<ChatMemberInfo[]> {
    const out: ChatMemberInfo[] = [];
    let marker: number | undefined;
    for (let page = 0; page < 200; page++) {
      const res = await this.api.getChatMembers(chatId, { count: 100, ...(marker ? { marker } : {}) });
      for (const m of res.members) {
        out.push({ userId: m.user_id, name: [m.first_name, m.last_name].filter(Boolean).join(' '), isAdmin: m.is_admin, isOwner: m.is_owner, isBot: m.is_bot });
      }
      if (!res.marker) break;
      marker = res.marker;
    }
    return out;
  }

  /** Reads the bot's own rights; returns the Russian lines for each missing one. */
  async checkRights(chatId: number): Promise<string[]> {
    const me = await this.api.getChatMembership(chatId);
    const perms = me.permissions ?? [];
    await this.store.update(chatId, { permissions: perms });
    try {
      const chat = await this.api.getChat(chatId);
      await this.store.update(chatId, { link: chat.link ?? null, title: chat.title ?? undefined });
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'chat info unavailable');
    }
    return RIGHTS_RU.filter((r) => !r.right.some((x) => perms.includes(x as never))).map((r) => r.missing);
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

  /**
   * Adds people to the chat. Where MAX refuses (privacy, or the method restricted), the
   * person gets the chat's link in a dialog; without a link, the curator is asked to add them.
   */
  async add(chat: ChatRecord, userIds: number[]): Promise<OutgoingMessage[]> {
    const now = this.org.now();
    const refused: Array<{ userId: number; reason: string }> = [];
    for (let i = 0; i < userIds.length; i += ADD_BATCH) {
      const batch = userIds.slice(i, i + ADD_BATCH);
      try {
        const res = await this.api.addChatMembers(chat.chatId, batch);
        const failed = new Map<number, string>();
        for (const d of res.failed_user_details ?? []) for (const id of d.user_ids) failed.set(id, d.error_code);
        for (const id of res.failed_user_ids ?? []) if (!failed.has(id)) failed.set(id, 'add.failed');
        for (const id of batch) {
          if (failed.has(id)) refused.push({ userId: id, reason: failed.get(id)! });
          else await this.store.place(chat.chatId, id, { state: 'present', at: now });
        }
      } catch (err) {
        const reason = err instanceof MaxError ? `${err.status} ${err.code}` : (err as Error).message;
        this.log.warn({ chatId: chat.chatId, reason }, 'adding members refused; falling back to links');
        for (const id of batch) refused.push({ userId: id, reason });
      }
    }
    if (refused.length === 0) return [];
    const fresh = (await this.store.get(chat.chatId)) ?? chat;
    const messages: OutgoingMessage[] = [];
    const byHand: number[] = [];
    for (const r of refused) {
      if (fresh.link) {
        messages.push({ to: { userId: r.userId }, text: T.linkInvite(fresh.title, fresh.link) });
        await this.store.place(chat.chatId, r.userId, { state: 'link_sent', at: now, reason: r.reason });
      } else {
        byHand.push(r.userId);
        await this.store.place(chat.chatId, r.userId, { state: 'manual', at: now, reason: r.reason });
      }
    }
    if (byHand.length > 0) {
      const names = await this.org.people.fullNames(byHand);
      const list = byHand.map((id) => names.get(id) ?? `id ${id}`);
      for (const to of await this.responsible(fresh)) messages.push({ to: { userId: to }, text: T.addByHand(fresh.title, list) });
    }
    return messages;
  }

  async remove(chat: ChatRecord, userId: number): Promise<boolean> {
    try {
      await this.api.removeChatMember(chat.chatId, userId);
      await this.store.place(chat.chatId, userId, { state: 'removed', at: this.org.now() });
      return true;
    } catch (err) {
      const reason = err instanceof MaxError ? `${err.status} ${err.code}` : (err as Error).message;
      await this.store.place(chat.chatId, userId, { state: 'failed', at: this.org.now(), reason });
      this.log.warn({ chatId: chat.chatId, userId, reason }, 'removing a member failed');
      return false;
    }
  }

  /** Compares the real members with who belongs. */
  async diff(chat: ChatRecord): Promise<SyncReport & { present: ChatMemberInfo[] }> {
    const present = await this.members(chat.chatId);
    const expected = new Set(await this.expected(chat));
    const presentIds = new Set(present.map((m) => m.userId));
    const missing = [...expected].filter((id) => !presentIds.has(id));
    const strangers: ChatMemberInfo[] = [];
    for (const m of present) {
      if (m.isBot || m.userId === this.botUserId() || m.isOwner || expected.has(m.userId)) continue;
      if (await this.store.isGuest(chat.chatId, m.userId)) continue;
      strangers.push(m);
    }
    return { present, missing, strangers };
  }

  /** Brings a freshly bound chat in line: adds everyone who belongs and is missing. */
  async provision(chat: ChatRecord): Promise<OutgoingMessage[]> {
    const d = await this.diff(chat);
    for (const m of d.present) if (!(await this.store.placement(chat.chatId, m.userId))) await this.store.place(chat.chatId, m.userId, { state: 'present', at: this.org.now() });
    return d.missing.length > 0 ? this.add(chat, d.missing) : [];
  }

  /**
   * Brings every bound chat in line for one person, after a domain event: added where
   * they now belong, removed where they no longer do (only from chats where the bot
   * placed them or knows them as members; never the chat's owner or admins).
   */
  async syncPerson(userId: number): Promise<OutgoingMessage[]> {
    const facts = await this.facts(userId);
    const messages: OutgoingMessage[] = [];
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
        messages.push(...(await this.add(chat, [userId])));
      } else if (!belongs && present && !present.isOwner && !present.isAdmin && !(await this.store.isGuest(chat.chatId, userId))) {
        await this.remove(chat, userId);
      } else if (!belongs && !present && placement && placement.state !== 'removed') {
        await this.store.place(chat.chatId, userId, { state: 'removed', at: this.org.now() });
      }
    }
    return messages;
  }
}
