// /hours, /policy, /rules, /later, /report, /recording and their buttons.
import { STAFF_ROLES } from '../policy/roles.js';
import { randomBytes } from 'node:crypto';
import { laterFlow } from '../flows/conduct/later.js';
import { mayConfigureChat } from '../policy/chat-membership.js';
import { applyPolicyChange, parsePolicyChange, POLICY_USAGE_RU } from '../policy/chat-policy.js';
import {
  DATE_REASONS_RU,
  describeWhen,
  nextWorkingStart,
  parseDate,
  parseTimeRange,
  parseWeekdays,
  TIME_RANGE_REASONS_RU,
  WEEKDAYS_REASONS_RU,
  sayHours,
  type WorkingHours,
} from '../policy/hours/index.js';
import { overrideOf, toggleDay, type HoursSettings } from '../policy/hours/settings.js';
import type { ChatRecord } from '../store/chat-store.js';
import type { Chats } from '../chats/chats.js';
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { cancelLater, falseAlarm, nudgeMove, recordingAnswer } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { OutgoingMessage, Outbox } from '../bot/outbox.js';
import { DENIALS } from '../org/texts.js';
import { chatPolicyOf, type Conduct } from './conduct.js';
import { CONDUCT_TEXTS as T } from './texts.js';
import { reportFlow } from '../flows/conduct/report.js';
import type { ChatComplaints } from './complaints.js';

export function conductCommands(chats: Chats, conduct: Conduct, complaints: ChatComplaints): Command[] {
  const org = chats.org;

  async function boundChatHere(ctx: UpdateContext): Promise<ChatRecord | null> {
    if (ctx.isDialog || ctx.where.chatId === null) return null;
    const chat = await chats.store.get(ctx.where.chatId);
    return chat && chat.status === 'bound' ? chat : null;
  }

  /** Admins everywhere; curators for their units' chats (SPEC §3.5–3.6). */
  async function mayConfigure(userId: number, chat: ChatRecord | null): Promise<boolean> {
    return mayConfigureChat(chat, await org.actor(userId));
  }

  function describeHours(scope: string, h: WorkingHours, settings?: HoursSettings): string {
    const own = settings ? T.hoursOwnDays(settings.offDates, settings.onDates) : '';
    // The production calendar is told only where it is in force (not with WORK_HOURS=24/7).
    const calendar = settings?.productionCalendar !== false && !sayHours(h).always ? ` ${T.hoursCalendar}` : '';
    return `${T.hoursShow(scope, h.start, h.end, h.timeZone, [...h.days], [])}${calendar}${own ? `\n${own}` : ''}`;
  }

  return [
    {
      name: 'hours',
      description: 'Рабочее время',
      where: 'any',
      inMenu: false,
      usage: '[08:00-19:00 | дни пн-пт | выходной <дата> | рабочий <дата>]',
      // Everyone may see the hours; only admins and curators change them, so only they see how.
      usageFor: (a) => (a.roles.has('admin') || a.curatedUnits.size > 0 ? '[08:00-19:00 | дни пн-пт | выходной <дата> | рабочий <дата>]' : undefined),
      permission: 'hours',
      async run(ctx, args) {
        const chat = await boundChatHere(ctx);
        const base = await org.hoursSettings();
        const current = chat ? await conduct.hoursSettingsOf(chat) : base;
        const scope = chat ? `чата «${chat.title}»` : 'организации';
        const a = args.trim();
        if (!a) return ctx.reply(describeHours(scope, await org.hoursIn(current), current));
        if (!(await mayConfigure(ctx.actor!.userId, chat))) return ctx.reply(DENIALS.not_allowed);
        let next: HoursSettings;
        let change: string;
        const days = /^(days|дни)\s+(.+)$/i.exec(a);
        const day = /^(off|on|выходной|рабочий)\s+(.+)$/i.exec(a);
        if (days) {
          const r = parseWeekdays(days[2]!);
          if (!r.ok) return ctx.reply(WEEKDAYS_REASONS_RU[r.reason]);
          next = { ...current, days: r.value };
          change = 'days';
        } else if (day) {
          const r = parseDate(day[2]!);
          if (!r.ok) return ctx.reply(DATE_REASONS_RU[r.reason]);
          const mode = /^(off|выходной)$/i.test(day[1]!) ? 'off' : 'on';
          next = toggleDay(current, r.value, mode);
          change = `${mode}:${r.value}`;
        } else {
          const r = parseTimeRange(a);
          if (!r.ok) return ctx.reply(`${TIME_RANGE_REASONS_RU[r.reason]} ${T.hoursUsage}`);
          next = { ...current, start: r.value.start, end: r.value.end };
          change = 'window';
        }
        // A chat keeps only what differs from the organisation, so later organisation changes reach it.
        if (chat) await chats.store.update(chat.chatId, { hours: overrideOf(base, next) });
        else await org.org.saveHours(next);
        await org.audit.append(ctx.actor!.userId, 'hours.changed', chat ? `chat:${chat.chatId}` : 'org', { change });
        ctx.reply(`${T.hoursChanged} ${describeHours(scope, await org.hoursIn(next), next)}`);
      },
    },
    {
      name: 'policy',
      description: 'Правила чата: режимы проверки',
      where: 'any',
      inMenu: false,
      usage: '[часы напоминать|придерживать|выкл | <правило> удалять|предупреждать|сообщать|выкл | автоудаление вкл|выкл | посторонние удалять|сообщать]',
      permission: 'policy',
      async run(ctx, args) {
        const chat = await boundChatHere(ctx);
        if (!chat) return ctx.reply(T.notStudyChat);
        if (!(await mayConfigure(ctx.actor!.userId, chat))) return ctx.reply(DENIALS.not_allowed);
        const policy = chatPolicyOf(chat);
        if (!args.trim()) return ctx.reply([T.rulesTitle(chat.title), ...T.policyLines(policy), '', POLICY_USAGE_RU].join('\n'));
        const change = parsePolicyChange(args);
        if (!change) return ctx.reply(POLICY_USAGE_RU);
        const next = applyPolicyChange(policy, change);
        await chats.store.update(chat.chatId, { policy: next, removeStrangers: next.removeStrangers });
        await org.audit.append(ctx.actor!.userId, 'chat.policy', `chat:${chat.chatId}`, { change: change.kind });
        ctx.reply(`${T.policyChanged}\n${T.policyLines(next).join('\n')}`);
      },
    },
    {
      name: 'numbers',
      description: 'Открытые телефоны {org:gen}, которые можно публиковать в чатах',
      where: 'dialog',
      inMenu: false,
      usage: '[добавить <номер> | убрать <номер>]',
      permission: 'numbers',
      async run(ctx, args) {
        const m = /^(add|remove|добавить|убрать)\s+(.+)$/i.exec(args.trim());
        if (!args.trim()) {
          const list = await org.org.publicNumbers();
          return ctx.reply(list.length > 0 ? T.numbersList(list) : T.numbersEmpty);
        }
        if (!m) return ctx.reply(T.numbersUsage);
        const digits = m[2]!.replace(/\D/g, '');
        // A phone number: 5 (a short internal line) to 15 digits (E.164), nothing else.
        if (digits.length < 5 || digits.length > 15 || /[^\d\s()+.-]/.test(m[2]!)) return ctx.reply(T.numbersBad);
        const add = /^(add|добавить)$/i.test(m[1]!);
        const changed = add ? await org.org.addPublicNumber(digits) : await org.org.removePublicNumber(digits);
        if (changed) await org.audit.append(ctx.actor!.userId, add ? 'numbers.added' : 'numbers.removed', 'org');
        ctx.reply(add ? T.numbersAdded(changed) : T.numbersRemoved(changed));
      },
    },
    {
      name: 'rules',
      description: 'Правила чата',
      where: 'any',
      inMenu: true,
      permission: 'rules',
      async run(ctx) {
        const chat = await boundChatHere(ctx);
        if (!chat) return ctx.reply(T.rulesGeneral);
        const hours = await conduct.hoursOf(chat);
        ctx.reply([T.rulesTitle(chat.title), ...T.policyLines(chatPolicyOf(chat)), describeHours(`чата`, hours)].join('\n'));
      },
    },
    {
      name: 'later',
      description: 'Отправить сообщение в начале рабочего дня',
      where: 'dialog',
      inMenu: false,
      permission: 'later',
      async run(ctx) {
        const userId = ctx.actor!.userId;
        const actor = await org.actor(userId);
        const isStaff = STAFF_ROLES.some((r) => actor.roles.has(r)) || actor.curatedUnits.size > 0;
        if (isStaff) {
          const list = (await chats.store.bound()).filter(
            (c) => actor.roles.has('admin') || c.boundBy === userId || (c.unitId !== null && actor.curatedUnits.has(c.unitId)),
          );
          if (list.length === 0) return ctx.reply(T.laterNoChats);
          return ctx.services.flows.start(userId, laterFlow.id, ctx.updateId, { chats: list.map((c) => ({ id: c.chatId, title: c.title })) }, ctx);
        }
        await ctx.services.flows.start(userId, laterFlow.id, ctx.updateId, { chats: [] }, ctx);
      },
    },
    {
      name: 'report',
      description: 'Сообщить о взломе аккаунта или пожаловаться на сообщение',
      where: 'any',
      inMenu: true,
      permission: 'report',
      async run(ctx) {
        const userId = ctx.actor!.userId;
        if (ctx.isDialog) {
          // What happened, and a confirmation, before anyone is alerted (src/flows/conduct/report.ts).
          return ctx.services.flows.start(userId, reportFlow.id, ctx.updateId, {}, ctx);
        }
        const chat = await boundChatHere(ctx);
        if (!chat || ctx.replyToAuthor === undefined) return ctx.reply(T.reportNeedReply);
        // One per message per person, a daily limit, the message quoted, the command removed (complaints.ts).
        return complaints.complain(ctx, chat);
      },
    },
    {
      name: 'recording',
      description: 'Опрос согласия на запись видеовстречи',
      where: 'chat',
      inMenu: false,
      permission: 'recording',
      async run(ctx) {
        const chat = await boundChatHere(ctx);
        if (!chat) return ctx.reply(T.notStudyChat);
        const userId = ctx.actor!.userId;
        const pollId = randomBytes(9).toString('base64url');
        await conduct.store.startRecording(pollId, chat.chatId, userId, org.now());
        const name = (await org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;
        ctx.reply(T.recordingAsk(name), [
          [
            { text: T.recordingYes, payload: recordingAnswer.encode(pollId, 'y') },
            { text: T.recordingNo, payload: recordingAnswer.encode(pollId, 'n') },
          ],
        ]);
      },
    },
  ];
}

export function conductActions(chats: Chats, conduct: Conduct, outbox: Outbox): CallbackAction[] {
  return [
    // «Это ошибка»: the rule misfired on this message.
    onPress(falseAlarm, async (ctx, [id], message) => {
      const r = await conduct.falseAlarm(id, ctx.actor!.userId);
      if (r === 'recorded') return { closeKeyboard: `${message.text ?? ''}\n\n${T.falseAlarmThanks}` };
      return { notification: r === 'already' ? T.falseAlarmAlready : r === 'not_yours' ? T.falseAlarmNotYours : T.falseAlarmUnknown };
    }),
    // A staff member moves an off-hours message to the morning, or not.
    onPress(nudgeMove, async (ctx, [id, yes], message) => {
      const answer = await conduct.moveNudged(id, ctx.actor!.userId, yes === 'y');
      return answer ? { closeKeyboard: `${message.text ?? ''}\n\n${answer}` } : { notification: T.laterTooLate };
    }),
    // Cancel a /later message that has not gone out yet.
    onPress(cancelLater, async (ctx, [jobId], message) => {
      const userId = ctx.actor!.userId;
      if (!(await conduct.store.laterBooking(userId, jobId))) return { notification: T.laterTooLate };
      const cancelled = await outbox.cancel(jobId);
      await conduct.store.dropLater(userId, jobId);
      return cancelled ? { closeKeyboard: `${message.text ?? ''}\n\n${T.laterCancelled}` } : { notification: T.laterTooLate };
    }),
    // A member answers the recording-consent poll (003 6.5).
    onPress(recordingAnswer, async (ctx, [pollId, yes]) => {
      const poll = await conduct.store.recording(pollId);
      if (!poll) return { notification: T.laterTooLate };
      const userId = ctx.actor!.userId;
      const inChat = (await chats.members(poll.chatId)).filter((m) => !m.isBot);
      if (!inChat.some((m) => m.userId === userId)) return { notification: T.recordingNotMember };
      // The one who wants to record is not asked: the tally is of the others.
      const members = inChat.filter((m) => m.userId !== poll.starter);
      const answers = await conduct.store.answerRecording(pollId, userId, yes === 'y');
      const names = new Map(members.map((m) => [m.userId, m.name || `id ${m.userId}`]));
      const known = await chats.org.people.fullNames(members.map((m) => m.userId));
      const nameOf = (id: number) => known.get(id) ?? names.get(id) ?? `id ${id}`;
      const yesList = members.filter((m) => answers.get(m.userId) === true).map((m) => nameOf(m.userId));
      const noList = members.filter((m) => answers.get(m.userId) === false).map((m) => nameOf(m.userId));
      const silent = members.filter((m) => !answers.has(m.userId)).map((m) => nameOf(m.userId));
      const status = T.recordingStatus(yesList, noList, silent);
      ctx.send({ to: { userId: poll.starter }, text: noList.length === 0 && silent.length === 0 ? `${status}\n${T.recordingAllAgreed}` : status });
      return { notification: T.recordingThanks };
    }),
  ];
}

/** Handles the `later.schedule` effect: queue for the next working start, tell the sender when, offer to cancel. */
export async function scheduleLater(
  chats: Chats,
  conduct: Conduct,
  outbox: Outbox,
  userId: number,
  chatId: number | null,
  text: string,
  key: string,
): Promise<OutgoingMessage[]> {
  const org = chats.org;
  const now = org.now();
  let recipients: OutgoingMessage['to'][];
  let body = text;
  let hours: WorkingHours;
  if (chatId !== null) {
    const chat = await chats.store.get(chatId);
    if (chat?.status !== 'bound') return [{ to: { userId }, text: T.laterNoChats }];
    hours = await conduct.hoursOf(chat);
    recipients = [{ chatId }];
  } else {
    const person = await org.people.person(userId);
    const unitId = person?.memberships.find((m) => m.role === 'parent' && m.unitId && m.status === 'verified')?.unitId ?? null;
    const curators = unitId ? await org.org.curators(unitId) : [];
    if (curators.length === 0) return [{ to: { userId }, text: T.laterNoCurator }];
    hours = await org.workingHours();
    recipients = curators.map((c) => ({ userId: c }));
    body = T.laterQuestion(person?.fullName ?? `id ${userId}`, (await org.unitName(unitId)) ?? '', text);
  }
  const at = nextWorkingStart(hours, now);
  if (!at) return [{ to: { userId }, text: T.laterNoChats }];
  const [jobId] = await outbox.send(
    recipients.map((to) => ({ to, text: body, notBefore: at.getTime(), about: { userIds: [userId] } })),
    `later:${key}`,
  );
  if (!jobId) return [];
  await conduct.store.bookLater(userId, { jobKey: jobId, chatId, at: at.getTime() });
  return [
    {
      to: { userId },
      text: T.laterScheduled(describeWhen(at, now, hours.timeZone)),
      keyboard: [[{ text: T.laterCancelBtn, payload: cancelLater.encode(jobId) }]],
    },
  ];
}
