// /bind, /unbind, /chats, /sync, /activist.
import { ownWords } from '../policy/unit-word.js';
import { mayManageChat, missingUnitChatKinds } from '../policy/chat-membership.js';
import type { ChatRecord } from '../store/chat-store.js';
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { remindJoin, toggleActivist } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import { findPeople } from '../org/people-search.js';
import { DENIALS } from '../org/texts.js';
import type { Binding } from './binding.js';
import type { ChatJobs } from './chat-jobs.js';
import { Chats } from './chats.js';
import { CHAT_TEXTS as T } from './texts.js';

export function chatCommands(chats: Chats, binding: Binding, jobs: ChatJobs): Command[] {
  const org = chats.org;

  async function chatHere(ctx: UpdateContext): Promise<ChatRecord | null> {
    if (ctx.isDialog || ctx.where.chatId === null) {
      ctx.reply(T.chatOnly);
      return null;
    }
    return chats.store.get(ctx.where.chatId);
  }

  async function mayManage(userId: number, chat: ChatRecord): Promise<boolean> {
    return mayManageChat(chat, userId, await org.actor(userId));
  }

  /** Chats the person sees in /chats and /sync: admins and the head all, others those of their units or bound by them. */
  const chatsInScope = (userId: number) => chats.inScope(userId);

  /** Lines naming the classes in the person's scope that lack a required kind of chat. */
  async function missingChats(userId: number, bound: ChatRecord[]): Promise<string[]> {
    const actor = await org.actor(userId);
    const all = actor.roles.has('admin') || actor.roles.has('director');
    const units = (await org.org.listUnits()).filter((u) => !u.staffRoom && (all || actor.curatedUnits.has(u.id)));
    const lines: string[] = [];
    for (const u of units) {
      const kinds = missingUnitChatKinds(bound.filter((c) => c.unitId === u.id).map((c) => c.kind));
      if (kinds.length > 0) lines.push(T.missingLine(u.name, kinds));
    }
    return lines.length > 0 ? [T.missingTitle, ...lines] : [];
  }

  return [
    {
      name: 'bind',
      description: 'Привязать чат (в групповом чате)',
      where: 'chat',
      inMenu: false,
      permission: 'bind',
      async run(ctx) {
        if (ctx.isDialog || ctx.where.chatId === null) return ctx.reply(T.chatOnly);
        // Who may: a verified staff member who is an admin of this chat in MAX (Binding.mayBindNow).
        await binding.bindCommand(ctx, ctx.where.chatId, ctx.where.chatType === 'channel');
      },
    },
    {
      name: 'unbind',
      description: 'Отвязать чат (в групповом чате)',
      where: 'chat',
      inMenu: false,
      permission: 'unbind',
      async run(ctx) {
        const chat = await chatHere(ctx);
        if (!chat) return;
        if (!(await mayManage(ctx.actor!.userId, chat))) return ctx.reply(DENIALS.not_allowed);
        await chats.store.unbind(chat.chatId);
        await chats.org.audit.append(ctx.actor!.userId, 'chat.unbound', `chat:${chat.chatId}`, { unit: chat.unitId ?? '-' });
        ctx.reply(T.unbound);
      },
    },
    {
      name: 'chats',
      description: 'Привязанные чаты и их состояние',
      where: 'dialog',
      inMenu: false,
      permission: 'chats',
      async run(ctx) {
        const list = await chatsInScope(ctx.actor!.userId);
        const missing = await missingChats(ctx.actor!.userId, list);
        if (list.length === 0) return ctx.reply([T.chatsEmpty, ...missing].join('\n'));
        const lines: string[] = [T.chatsTitle];
        const keyboard: Array<Array<{ text: string; payload: string }>> = [];
        const byUnit = new Map<string, ChatRecord[]>();
        for (const c of list) byUnit.set(c.unitId ?? '', [...(byUnit.get(c.unitId ?? '') ?? []), c]);
        for (const [unitId, group] of byUnit) {
          lines.push(unitId ? `${(await org.unitName(unitId)) ?? unitId}:` : 'Организация:');
          for (const c of group) {
            const placements = [...(await chats.store.placements(c.chatId))];
            const joined = placements.filter(([, p]) => p.state === 'present').length;
            const notJoined = placements.filter(([, p]) => p.state === 'link_sent').map(([id]) => id);
            const byHand = placements.filter(([, p]) => p.state === 'manual' || p.state === 'failed').length;
            const rights = Chats.missingRights(c).length;
            const health = [T.joinedCount(joined), rights ? `не хватает прав: ${rights}` : '', byHand ? `добавить вручную: ${byHand}` : '']
              .filter(Boolean)
              .join(', ');
            lines.push(T.chatLine(c.title, c.kind!, health));
            if (notJoined.length > 0) {
              const names = await org.people.fullNames(notJoined);
              lines.push(T.notJoinedLine(notJoined.map((id) => names.get(id) ?? `id ${id}`)));
              keyboard.push([{ text: T.remindChatBtn(c.title), payload: remindJoin.encode(c.chatId) }]);
            }
          }
        }
        ctx.reply([...lines, ...(missing.length > 0 ? ['', ...missing] : [])].join('\n'), keyboard.length > 0 ? keyboard.slice(0, 30) : undefined);
      },
    },
    {
      name: 'sync',
      description: 'Сверить состав чатов',
      where: 'any',
      inMenu: false,
      permission: 'sync',
      async run(ctx) {
        if (!ctx.isDialog && ctx.where.chatId !== null) {
          const chat = await chats.store.get(ctx.where.chatId);
          if (chat?.status !== 'bound') return ctx.reply(T.notBound);
          if (!(await mayManage(ctx.actor!.userId, chat))) return ctx.reply(DENIALS.not_allowed);
          // A long job: it runs in the chat-jobs worker, never inside the update handler.
          return jobs.sync(ctx.actor!.userId, [chat.chatId], ctx.updateId);
        }
        const list = await chatsInScope(ctx.actor!.userId);
        if (list.length === 0) return ctx.reply(T.chatsEmpty);
        await jobs.sync(
          ctx.actor!.userId,
          list.map((c) => c.chatId),
          ctx.updateId,
        );
      },
    },
    {
      name: 'activist',
      description: 'Отметить актив родителей или учеников',
      where: 'dialog',
      inMenu: false,
      usage: '<ФИО>',
      permission: 'activist',
      async run(ctx, args) {
        if (!args.trim()) return ctx.reply(T.activistUsage);
        const actor = await org.actor(ctx.actor!.userId);
        const found = await findPeople(org, args, ['parent', 'student']);
        const buttons: Array<Array<{ text: string; payload: string }>> = [];
        for (const p of found) {
          const person = await org.people.person(p.userId);
          for (const m of person?.memberships ?? []) {
            if ((m.role !== 'parent' && m.role !== 'student') || !m.unitId || m.status !== 'verified') continue;
            if (!actor.roles.has('admin') && !actor.curatedUnits.has(m.unitId)) continue;
            buttons.push([
              {
                text: `${ownWords(p.fullName ?? '')} (${m.role === 'parent' ? 'родитель' : 'ученик'}, ${ownWords((await org.unitName(m.unitId)) ?? '')})${m.activist ? ' ✓' : ''}`,
                payload: toggleActivist.encode(p.userId, m.role, m.unitId),
              },
            ]);
          }
        }
        if (buttons.length === 0) return ctx.reply(T.nobodyFound(args.trim()));
        ctx.reply(T.activistPick, buttons.slice(0, 30));
      },
    },
  ];
}

export function chatActions(chats: Chats): CallbackAction[] {
  const org = chats.org;
  return [
    // Toggle the activist flag.
    onPress(toggleActivist, async (ctx, [userId, role, unitId], message) => {
      const d = await org.authorize(ctx.actor!.userId, 'activist', { unitId });
      if (!d.ok) return { notification: DENIALS[d.reason] };
      const m = await org.people.membership(userId, role, unitId);
      if (m?.status !== 'verified') return { notification: 'Этого человека уже нет в {unit:loc}.' };
      const on = !m.activist;
      await org.people.putMembership(userId, { ...m, activist: on }, 'replace');
      await org.audit.append(ctx.actor!.userId, 'activist.changed', `user:${userId}`, { role: m.role, unit: m.unitId ?? '-', on: on ? 1 : 0 });
      await org.events.publish({ type: on ? 'role.granted' : 'role.revoked', userId, role, unitId });
      const name = (await org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;
      return { closeKeyboard: `${message.text ?? ''}\n\n${on ? T.activistOn(name) : T.activistOff(name)}` };
    }),
  ];
}
