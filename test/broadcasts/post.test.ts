// /post through the sandbox: a post to the staff channel with a preview first, a curator's
// broadcast to their class's parents, the limits of a curator, bad input; the flow alone
// for what MAX itself would not deliver (a 10,000-character text, a forged button).
import { createActor } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { postMachine, type PostInput } from '../../src/flows/broadcasts/post.js';
import type { FlowEffect } from '../../src/flows/types.js';
import { ADMIN, CURATOR, pressInDialog, provisioned, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, say, settled, type World } from '../support/harness.js';

async function staffChannel(world: World): Promise<number> {
  const { chat_id } = await world.control.createChat({ title: 'Сотрудники школы', owner_id: ADMIN, type: 'channel' });
  await world.control.addBot(chat_id, { by: ADMIN });
  await pressInDialog(world, ADMIN, 'канал для сотрудников');
  await eventually(async () => expect((await world.app.chats.store.get(chat_id))?.status).toBe('bound'));
  // Binding sends the binder a few notes (rights, who to add, the binding report): let them arrive first.
  await provisioned(world, chat_id);
  await settled(world);
  return chat_id;
}

/** Puts verified parents into a unit (as approved joins would) and makes them MAX users. */
async function parents(world: World, unit: string, ids: number[]): Promise<void> {
  const org = world.app.organisation;
  const unitId = (await org.org.findUnit(unit))!.id;
  for (const id of ids) {
    await world.control.createUser({ user_id: id, first_name: `Родитель ${id}` });
    await org.people.saveProfile(id, `Родитель ${id}`, Date.now());
    await org.people.putMembership(id, { role: 'parent', unitId, status: 'verified', since: Date.now() });
  }
}

describe('/post', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a post to the staff channel: preview first, then it appears there once; the audit and /stats know', async () => {
    world = await createWorld();
    await setupSchool(world);
    const channel = await staffChannel(world);
    const [ask] = await say(world, ADMIN, '/post');
    expect(ask!.text).toContain('Кому отправить');
    const [write] = await press(world, ADMIN, ask!, 'Канал «Сотрудники школы»');
    expect(write!.text).toContain('текст');
    const text = 'Педсовет в четверг в 15:00, актовый зал.';
    const [intro, preview, confirm] = await say(world, ADMIN, text, 3);
    expect(intro!.text).toContain('Так сообщение будет выглядеть');
    expect(preview!.text).toBe(text);
    expect(confirm!.text).toContain('канал «Сотрудники школы»');
    expect((await world.control.messages({ chatId: channel, fromBot: true })).some((m) => m.text === text)).toBe(false);
    const [queued] = await press(world, ADMIN, confirm!, 'Отправить');
    expect(queued!.text).toContain('Рассылка запущена: получателей — 1');
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).at(-1)!.text).toContain('Доставлено: 1 из 1'));
    expect((await world.control.messages({ chatId: channel, fromBot: true })).filter((m) => m.text === text)).toHaveLength(1);
    expect((await world.app.organisation.audit.latest(5)).some((e) => e.action === 'broadcast.sent')).toBe(true);
    const [stats] = await say(world, ADMIN, '/stats 7', 4);
    expect(stats!.text).toContain('Рассылки: 1, доставлено сообщений 1');
  }, 60_000);

  it('a curator writes to their class’s parents only; unknown class, empty and long texts get clear answers', async () => {
    world = await createWorld();
    await setupSchool(world);
    await parents(world, '5А', [301, 302]);
    await parents(world, '6Б', [401]);
    const [ask] = await say(world, CURATOR, '/post');
    // No channels and no whole-school groups for a curator.
    expect(ask!.buttons.flat().map((b) => b.text)).toEqual(['Родители', 'Ученики']);
    const [classes] = await press(world, CURATOR, ask!, 'Родители');
    expect(classes!.buttons.flat().map((b) => b.text)).toEqual(['5А', 'Дальше']);
    const [none, again] = await press(world, CURATOR, classes!, 'Дальше', 2);
    expect(none!.text).toContain('хотя бы один класс');
    expect(again!.text).toContain('Выберите свои классы');
    expect((await say(world, CURATOR, '6Б'))[0]!.text).toContain('Класса «6Б» нет среди доступных вам: 5А');
    const [marked] = await say(world, CURATOR, '5а');
    expect(marked!.buttons.flat().map((b) => b.text)).toEqual(['✓ 5А', 'Дальше']);
    await press(world, CURATOR, marked!, 'Дальше');
    expect((await say(world, CURATOR, '\u200b \u200b'))[0]!.text).toContain('пустое'); // invisible characters only
    expect((await say(world, CURATOR, 'я'.repeat(3950)))[0]!.text).toContain('Слишком длинно: 3950 символов');
    const [, , confirm] = await say(world, CURATOR, 'Завтра родительское собрание в 18:00.', 3);
    expect(confirm!.text).toContain('родители (5А)');
    await press(world, CURATOR, confirm!, 'Отправить');
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).at(-1)!.text).toContain('Доставлено: 2 из 2'));
    for (const id of [301, 302]) expect((await world.control.botMessagesTo(id)).map((m) => m.text)).toEqual(['Завтра родительское собрание в 18:00.']);
    expect(await world.control.botMessagesTo(401)).toHaveLength(0);
    // Not for parents.
    expect((await say(world, 301, '/post'))[0]!.text).toContain('недоступна');
  }, 60_000);
});

describe('/post with photos and files', () => {
  let world: World;
  afterEach(async () => world?.close());

  /** The user sends a photo or file (with a caption) in the dialog; returns the bot's next `count` messages and the media token. */
  async function attach(userId: number, input: Parameters<World['control']['sendAttachment']>[1], count = 1) {
    const after = await world.control.lastSeq();
    const { token } = await world.control.sendAttachment(userId, input);
    const replies = await world.control.waitForMessages({ userId, fromBot: true }, { count, afterSeq: after, timeoutMs: 8000 });
    return { token, replies };
  }

  /** The preview step after the post was sent: the copy with attachments and the question with «Отправить». */
  async function previewOf(userId: number, input: Parameters<World['control']['sendAttachment']>[1]) {
    const after = await world.control.lastSeq();
    const { token } = await world.control.sendAttachment(userId, input);
    return eventually(async () => {
      const got = await world.control.botMessagesTo(userId, after);
      const confirm = got.find((m) => m.buttons.flat().some((b) => b.text === 'Отправить'));
      const preview = got.find((m) => m.attachmentTypes.length > 0);
      expect(confirm && preview).toBeTruthy();
      return { token, preview: preview!, confirm: confirm! };
    }, 8000);
  }

  it('a photo with a caption to the staff channel: the preview carries that photo, the channel gets it once', async () => {
    world = await createWorld();
    await setupSchool(world);
    const channel = await staffChannel(world);
    const [ask] = await say(world, ADMIN, '/post');
    const [write] = await press(world, ADMIN, ask!, 'Канал «Сотрудники школы»');
    expect(write!.text).toContain('фото или файл');
    const caption = 'Расписание педсоветов на четверть.';
    const { token, preview, confirm } = await previewOf(ADMIN, { type: 'image', text: caption });
    expect(preview!.text).toBe(caption);
    expect(preview!.attachmentTypes).toEqual(['image']);
    expect(preview!.attachmentTokens).toEqual([token]);
    await press(world, ADMIN, confirm!, 'Отправить');
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).at(-1)!.text).toContain('Доставлено: 1 из 1'));
    const posted = (await world.control.messages({ chatId: channel, fromBot: true })).filter((m) => m.attachmentTypes.includes('image'));
    expect(posted.map((m) => [m.text, m.attachmentTokens])).toEqual([[caption, [token]]]);
    const audit = (await world.app.organisation.audit.latest(5)).find((e) => e.action === 'broadcast.sent')!;
    expect(JSON.stringify(audit)).toContain('image');
  }, 60_000);

  it('a file alone to a class’s parents: each gets the same file, named as sent; video, stickers, programs and huge files are refused', async () => {
    world = await createWorld();
    await setupSchool(world);
    await parents(world, '5А', [301, 302]);
    const [ask] = await say(world, CURATOR, '/post');
    await press(world, CURATOR, ask!, 'Родители');
    const [marked] = await say(world, CURATOR, '5А');
    await press(world, CURATOR, marked!, 'Дальше');
    expect((await attach(CURATOR, { type: 'video', text: 'Видео с утренника' })).replies[0]!.text).toBe(
      'Видео в рассылку отправить нельзя: только текст, фото и файлы.',
    );
    expect((await attach(CURATOR, { type: 'sticker' })).replies[0]!.text).toBe('Стикер в рассылку отправить нельзя: только текст, фото и файлы.');
    expect((await attach(CURATOR, { type: 'file', filename: 'setup.exe', size: 1000 })).replies[0]!.text).toContain('программа или установщик');
    expect((await attach(CURATOR, { type: 'file', filename: 'фото.zip', size: 80 * 1024 * 1024 })).replies[0]!.text).toBe(
      'Файл «фото.zip» слишком большой: 80 МБ, можно не больше 50 МБ.',
    );
    const { token, preview, confirm } = await previewOf(CURATOR, { type: 'file', filename: 'меню.pdf', size: 120_000 });
    expect(preview!.attachmentTokens).toEqual([token]);
    expect(confirm!.text).toContain('родители (5А)');
    await press(world, CURATOR, confirm!, 'Отправить');
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).at(-1)!.text).toContain('Доставлено: 2 из 2'));
    for (const id of [301, 302]) {
      const got = await world.control.botMessagesTo(id);
      expect(got.map((m) => [m.text, m.attachmentTypes, m.attachmentTokens])).toEqual([['', ['file'], [token]]]);
      // The file as the parent's app gets it: MAX's wire shape, with the author's file name and size.
      const res = await fetch(`${world.sandbox.url}/messages?chat_id=${got[0]!.chatId}`, { headers: { Authorization: world.sandbox.token } });
      const [raw] = ((await res.json()) as { messages: Array<{ body: { attachments: unknown[] } }> }).messages;
      expect(raw!.body.attachments).toEqual([expect.objectContaining({ type: 'file', filename: 'меню.pdf', size: 120_000 })]);
    }
  }, 60_000);

  it('MAX refusing the attachments stops the broadcast with a clear report instead of failing everyone', async () => {
    world = await createWorld({ env: { MAX_RPS: '5' } });
    await setupSchool(world);
    await parents(world, '5А', [311, 312, 313, 314, 315, 316]);
    const [ask] = await say(world, CURATOR, '/post');
    await press(world, CURATOR, ask!, 'Родители');
    const [marked] = await say(world, CURATOR, '5А');
    await press(world, CURATOR, marked!, 'Дальше');
    const { confirm } = await previewOf(CURATOR, { type: 'image', text: 'Фото класса' });
    // As if the photo were deleted meanwhile: MAX answers 400 to the sends that carry it.
    await world.control.fault({
      method: 'POST',
      path: '/messages',
      status: 400,
      code: 'proto.payload',
      message: 'Invalid `token` in image attachment',
      count: 3,
    });
    await world.control.pressByText(CURATOR, confirm.mid, 'Отправить');
    const report = await eventually(async () => {
      const r = (await world.control.botMessagesTo(CURATOR)).map((m) => m.text ?? '').find((t) => t.startsWith('Рассылка остановлена: MAX не принял'));
      expect(r).toBeDefined();
      return r!;
    }, 20_000);
    const delivered = Number(/Доставлено: (\d+) из 6/.exec(report)![1]);
    expect(delivered).toBeLessThan(6);
  }, 60_000);
});

describe('the /post flow alone', () => {
  const input: PostInput = { channels: [], groups: ['parents', 'students'], units: [{ id: 'u1', name: '5А' }], orgWide: false };
  function run() {
    const said: string[] = [];
    const actor = createActor(postMachine, { input });
    actor.on('*', (e: FlowEffect) => {
      if (e.type === 'say') said.push(e.text);
    });
    actor.start();
    return { actor, said };
  }

  it('a forged button (whole school) changes nothing and is answered politely', () => {
    const { actor, said } = run();
    actor.send({ type: 'choice', choice: 'g-all' });
    expect(actor.getSnapshot().value).toBe('audience');
    expect(said.at(-1)).toBe('Пожалуйста, выберите кнопкой.');
    actor.send({ type: 'choice', choice: 'ch0' });
    expect(actor.getSnapshot().value).toBe('audience');
  });

  it('a 10,000-character text is refused with its length', () => {
    const { actor, said } = run();
    actor.send({ type: 'choice', choice: 'g-parents' });
    actor.send({ type: 'choice', choice: 'u0' });
    actor.send({ type: 'choice', choice: 'next' });
    actor.send({ type: 'text', text: 'а'.repeat(10_000) });
    expect(actor.getSnapshot().value).toBe('writing');
    expect(said.at(-1)).toBe('Слишком длинно: 10000 символов, можно не больше 3900. Сократите, пожалуйста.');
    actor.send({ type: 'text', text: '   ' });
    expect(said.at(-1)).toBe('Сообщение пустое — напишите текст или приложите фото или файл.');
  });

  it('eleven photos are too many; a photo without text is a post', () => {
    const { actor, said } = run();
    actor.send({ type: 'choice', choice: 'g-parents' });
    actor.send({ type: 'choice', choice: 'u0' });
    actor.send({ type: 'choice', choice: 'next' });
    const photo = (n: number) => ({ type: 'image' as const, token: `t${n}` });
    actor.send({ type: 'text', text: '', media: Array.from({ length: 11 }, (_, i) => photo(i)) });
    expect(said.at(-1)).toBe('Вложений слишком много: 11, можно не больше 10.');
    actor.send({ type: 'text', text: ' ', media: [photo(1)] });
    expect(actor.getSnapshot().value).toBe('preview');
    expect(actor.getSnapshot().context.media).toEqual([photo(1)]);
  });
});
