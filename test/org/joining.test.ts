// SPEC §3.1–3.3 end to end through the sandbox with a real Redis.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { decide, invite, join, open, workdayClock } from './support.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';
import { withUnitWord } from '../../src/policy/unit-word.js';

const ADMIN = 1;

describe('organisation, invites and joining', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('admin → unit → curator joins and is confirmed → curator invites a student and a parent → both approved → /members', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const [created] = await say(world, ADMIN, '/unit add 5А');
    expect(created!.text).toContain('создан');

    // The curator comes by invite and is confirmed by the admin.
    const curatorCode = await invite(world, ADMIN, 'куратор 5A'); // Latin A: the same unit
    const [waiting] = await join(world, 10, curatorCode, { name: 'петрова анна ивановна' });
    expect(waiting!.text).toContain('Заявка отправлена');
    const approvedCard = await decide(world, ADMIN, 'Петрова Анна Ивановна', 'Подтвердить');
    expect(approvedCard.text).toContain('Заявка подтверждена');
    // The card is edited when the press is answered; the welcome goes out through the outbox after it.
    await eventually(async () => {
      const [welcome] = (await world.control.botMessagesTo(10)).slice(-1);
      expect(welcome!.text).toContain('Ваша заявка подтверждена');
    });

    // The curator invites a student and a parent of their own class.
    const studentCode = await invite(world, 10, 'ученик 5а');
    const parentCode = await invite(world, 10, 'родитель 5А');
    await join(world, 20, studentCode, { name: 'Иванов Пётр' });
    const [parentWaiting] = await join(world, 30, parentCode, { name: 'Иванова Мария Сергеевна', child: 'Иванов Пётр' });
    expect(parentWaiting!.text).toContain('Заявка отправлена');

    // Requests of students and parents go to the unit's curator, who approves both.
    await decide(world, 10, 'Иванов Пётр', 'Подтвердить');
    await decide(world, 10, 'Иванова Мария Сергеевна', 'Подтвердить');
    const [members] = await say(world, 10, '/members 5А');
    expect(members!.text).toMatch(/Иванов Пётр — подтверждён/);
    expect(members!.text).toMatch(/Иванова Мария Сергеевна — подтверждена; ребёнок: Иванов Пётр/);
    expect(members!.text).toMatch(/Петрова Анна Ивановна — подтверждена/);

    // The parent sees what is stored about them.
    const [me] = await say(world, 30, '/me');
    expect(me!.text).toContain('родитель, 5А — подтверждена');
    expect(me!.text).toContain('ребёнок: Иванов Пётр');

    // The audit log keeps the acts with ids and no names; /audit shows the admin the names.
    const [audit] = await say(world, ADMIN, '/audit 50');
    for (const action of ['unit.created', 'invite.created', 'invite.used', 'request.created', 'request.approved'] as const)
      expect(audit!.text).toContain(withUnitWord(AUDIT_ACTIONS_RU[action], 'класс'));
    expect(JSON.stringify(await world.app.organisation.audit.latest(50))).not.toContain('Иванов');
  });

  it('a reviewer may reject with a reason, which the person receives', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 7Б');
    const code = await invite(world, ADMIN, 'учитель');
    await join(world, 40, code, { name: 'Сидоров Олег' });
    const ask = await decide(world, ADMIN, 'Сидоров Олег', 'Отклонить');
    expect(ask.text).toContain('причину');
    const after = await world.control.lastSeq();
    await world.control.sendText(ADMIN, 'Не работает в нашей школе');
    const msgs = await world.control.waitForMessages({ userId: 40, fromBot: true }, { afterSeq: after });
    expect(msgs.at(-1)!.text).toContain('Причина: Не работает в нашей школе');
    const [me] = await say(world, 40, '/me');
    expect(me!.text).not.toContain('учитель');
  });

  it('revoked, expired and exhausted invites are refused; invalid codes are rate-limited and audited', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    world = await createWorld({ app: { now: () => clock } });
    await say(world, ADMIN, '/unit add 3В');
    const revoked = await invite(world, ADMIN, 'ученик 3В');
    const [rev] = await say(world, ADMIN, `/revoke ${revoked}`);
    expect(rev!.text).toContain('отозвано');
    expect((await open(world, 50, revoked)).text).toContain('отозвана');

    const expiring = await invite(world, ADMIN, 'ученик 3В days=1');
    clock += 2 * 24 * 3600 * 1000;
    expect((await open(world, 51, expiring)).text).toContain('Срок действия');

    const single = await invite(world, ADMIN, 'ученик 3В uses=1');
    await join(world, 52, single, { name: 'Первый Ученик' });
    expect((await open(world, 53, single)).text).toContain('максимальное число');

    for (let i = 0; i < 10; i++) await open(world, 54, `bogus${i}`);
    expect((await open(world, 54, 'bogus-last')).text).toContain('подождите час');
    const [audit] = await say(world, ADMIN, '/audit 100');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['invite.bad_codes']);
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['invite.revoked']);
  });

  it('31 people racing for a 30-use link: exactly 30 are admitted', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 11А');
    const code = await invite(world, ADMIN, 'ученик 11А uses=30');
    const racers = Array.from({ length: 31 }, (_, i) => 600 + i);
    // Everyone opens the link and reaches the consent step while it still has room.
    const consents = await Promise.all(
      racers.map(async (u) => {
        const intro = await open(world, u, code);
        const [ask] = await press(world, u, intro, 'Продолжить');
        expect(ask!.text).toContain('фамилию');
        const [consent] = await say(world, u, `Гонщик Номер${String.fromCharCode(1040 + (u % 32))}`);
        return { u, consent: consent! };
      }),
    );
    // Then all accept at once.
    const results = await Promise.all(consents.map(async ({ u, consent }) => (await press(world, u, consent, 'Даю согласие'))[0]!.text ?? ''));
    expect(results.filter((t) => t.includes('Заявка отправлена'))).toHaveLength(30);
    expect(results.filter((t) => t.includes('максимальное число'))).toHaveLength(1);
    const uses = await world.redis.hget(createKeys(world.prefix).invite(code), 'uses');
    expect(uses).toBe('30');
  }, 60_000);

  it('the bot is killed and restarted between every two steps of a join, and the join completes', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 9Г');
    const code = await invite(world, ADMIN, 'родитель 9Г');
    const crash = async () => {
      await world.app.kill();
      await world.startBot();
    };
    const [waiting] = await join(world, 70, code, { name: 'Кузнецова Ольга', child: 'Кузнецов Иван', between: crash });
    expect(waiting!.text).toContain('Заявка отправлена');
    await crash();
    await decide(world, ADMIN, 'Кузнецова Ольга', 'Подтвердить');
    await eventually(async () => {
      const [me] = await say(world, 70, '/me');
      expect(me!.text).toContain('родитель, 9Г — подтверждена');
      expect(me!.text).toContain('ребёнок: Кузнецов Иван');
    });
  }, 60_000);

  it('a parent who declines consent is told the alternatives; only the refusal is kept', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 2А');
    const code = await invite(world, ADMIN, 'родитель 2А');
    const intro = await open(world, 80, code);
    await press(world, 80, intro, 'Продолжить');
    const [child] = await say(world, 80, 'Смирнова Елена');
    const [consent] = await say(world, 80, 'Смирнов Артём');
    expect(child!.text).toContain('ребёнка');
    const [bye] = await press(world, 80, consent!, 'Не даю согласия');
    expect(bye!.text).toContain('очные встречи');
    expect(bye!.text).toContain('родительские собрания');
    const keys = createKeys(world.prefix);
    expect(await world.redis.exists(keys.person(80))).toBe(0);
    expect(await world.redis.xlen(keys.consentRefusals)).toBe(1);
  });

  it('a join request without an invite goes to the admins', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 6Д');
    const [pickRole] = await say(world, 90, '/join');
    const [pickUnit] = await press(world, 90, pickRole!, 'ученик');
    const [askName] = await press(world, 90, pickUnit!, '6Д');
    expect(askName!.text).toContain('фамилию');
    const [consent] = await say(world, 90, 'Орлов Никита');
    await press(world, 90, consent!, 'Даю согласие');
    const done = await decide(world, ADMIN, 'Орлов Никита', 'Подтвердить');
    expect(done.text).toContain('подтверждена');
    expect(done.text).toContain('Без приглашения');
  });
});
