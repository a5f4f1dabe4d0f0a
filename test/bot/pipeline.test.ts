// The update pipeline end to end: failures, retries, crashes and ordering.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/commands/types.js';
import { Ingest } from '../../src/bot/ingest.js';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { createLogger } from '../../src/log.js';
import { InboxStore, type InboxItem } from '../../src/store/inbox.js';
import { createKeys } from '../../src/store/keys.js';
import { botEnv, startBot, stopBot } from '../support/crash-process.js';
import { createWorld, say, settled, sleep, type World } from '../support/harness.js';

describe('update pipeline', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a failing handler gets the person an apology and does not stop the next update', async () => {
    const boom: Command = {
      name: 'boom',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      async run() {
        throw new Error('handler exploded');
      },
    };
    world = await createWorld({ app: { extraCommands: [boom] } });
    const [apology] = await say(world, 2001, '/boom');
    expect(apology!.text).toContain('Извините');
    const [greeting] = await say(world, 2001, '/start');
    expect(greeting!.text).toContain('Здравствуйте');
  });

  it('429 and 5xx answers from MAX are retried and the message arrives once', async () => {
    world = await createWorld();
    await world.control.fault({ method: 'POST', path: '/messages', status: 429, count: 2, code: 'too.many.requests' });
    await world.control.fault({ method: 'POST', path: '/messages', status: 503, count: 1 });
    await world.control.fault({ method: 'POST', path: '/messages', status: 0, count: 1 }); // dropped connection
    await world.control.clearRequests();
    const replies = await say(world, 2003, '/start');
    await settled(world);
    const all = await world.control.botMessagesTo(2003);
    expect(replies).toHaveLength(1);
    expect(all.filter((m) => m.text?.includes('Здравствуйте'))).toHaveLength(1);
    const posts = await world.control.requests({ method: 'POST', path: '/messages' });
    expect(posts.map((p) => p.status)).toEqual([429, 429, 503, 0, 200]);
  });

  it('keeps under the MAX rate limit: a burst of replies arrives without a single 429', async () => {
    // The bot runs as its own process: the sandbox then stamps each request when it arrives,
    // as MAX does, and not when the bot's own busy event loop lets it read it. The bot's
    // stalls are the limiter's to survive (a late grant is given back, see rate-limiter.ts).
    world = await createWorld({ sandbox: { rps: 10 }, noBot: true });
    const bot = await startBot(world, botEnv(world, { MAX_RPS: '10' }));
    try {
      const after = await world.control.lastSeq();
      for (let i = 0; i < 24; i++) await world.control.sendText(2100 + i, '/start');
      const msgs = await world.control.waitForMessages({ fromBot: true }, { afterSeq: after, count: 24, timeoutMs: 60_000 });
      expect(msgs).toHaveLength(24);
      const log = await world.control.requests();
      // Every request of the bot goes through the shared limiter: none is refused for rate.
      const timeline = log.map((r) => `${r.at - log[0]!.at} ${r.method} ${r.path} ${r.status}`).join('\n');
      expect(
        log.filter((r) => r.status === 429),
        timeline,
      ).toHaveLength(0);
    } finally {
      await stopBot(bot);
    }
  });

  it('replies to one person keep the order of the updates, also when the first is retried', async () => {
    world = await createWorld();
    await world.control.createUser({ user_id: 2007, first_name: 'Анна' });
    const after = await world.control.lastSeq();
    // The first reply fails three times before MAX takes it; the second must not overtake it.
    await world.control.fault({ method: 'POST', path: '/messages', status: 503, count: 3 });
    await world.control.sendText(2007, '/start');
    await world.control.sendText(2007, '/help');
    const msgs = await world.control.waitForMessages({ userId: 2007, fromBot: true }, { afterSeq: after, count: 2, timeoutMs: 8000 });
    expect(msgs[0]!.text).toContain('Здравствуйте');
    expect(msgs[1]!.text).not.toContain('Здравствуйте');
  });

  it('a slow update holds only its own person: polling goes on and another person is answered meanwhile', async () => {
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handlerStarted = new Promise<void>((r) => (started = r));
    const slow: Command = {
      name: 'slow',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      async run(ctx) {
        started();
        await gate;
        ctx.reply('медленный ответ');
      },
    };
    world = await createWorld({ app: { extraCommands: [slow] } });
    await world.control.sendText(2008, '/slow');
    await handlerStarted;
    // Fetched after the slow one started: answered while it still runs.
    const [hello] = await say(world, 2009, '/start');
    expect(hello!.text).toContain('Здравствуйте');
    expect(await world.control.botMessagesTo(2008)).toHaveLength(0);
    release();
    const [done] = await world.control.waitForMessages({ userId: 2008, fromBot: true });
    expect(done!.text).toBe('медленный ответ');
  });

  it('an update fetched but not handled before a crash is handled after restart', async () => {
    let started!: () => void;
    const handlerStarted = new Promise<void>((r) => (started = r));
    const hanging: Command = {
      name: 'work',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      run: () => {
        started();
        return new Promise(() => undefined); // never finishes: the process dies in the middle
      },
    };
    const finishing: Command = {
      name: 'work',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      async run(ctx) {
        ctx.reply('работа выполнена');
      },
    };
    world = await createWorld({ app: { extraCommands: [hanging] } });
    const after = await world.control.lastSeq();
    await world.control.sendText(2004, '/work');
    await handlerStarted;
    await world.app.kill();
    await world.startBot({}, { extraCommands: [finishing] });
    const [done] = await world.control.waitForMessages({ userId: 2004, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
    expect(done!.text).toBe('работа выполнена');
  });

  it('stops gracefully: the update in flight is finished before the bot stops', async () => {
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handlerStarted = new Promise<void>((r) => (started = r));
    const slow: Command = {
      name: 'slow',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      async run(ctx) {
        started();
        await gate;
        ctx.reply('готово');
      },
    };
    world = await createWorld({ app: { extraCommands: [slow] } });
    await world.control.sendText(2005, '/slow');
    await handlerStarted;
    const stopped = world.app.stop();
    await sleep(100);
    release();
    await stopped;
    // The reply was queued before the stop finished; a new bot process delivers it if the old one did not.
    await world.startBot();
    const msgs = await world.control.waitForMessages({ userId: 2005, fromBot: true }, { timeoutMs: 8000 });
    expect(msgs.map((m) => m.text)).toEqual(['готово']);
  });

  it('an unreadable inbox entry is dropped instead of blocking the person’s queue', async () => {
    world = await createWorld();
    const keys = createKeys(world.prefix);
    await world.redis.multi().rpush(keys.inboxQueue('u:2006'), '{not json').zadd(keys.inboxPending, Date.now(), 'u:2006').exec();
    const [m] = await say(world, 2006, '/start');
    expect(m!.text).toContain('Здравствуйте');
    expect(await world.redis.llen(keys.inboxQueue('u:2006'))).toBe(0);
  });

  it('an update is checked in full once, at the door: stored as the schema gives it and marked, or as received when it does not pass', async () => {
    world = await createWorld();
    // A store of its own under another prefix, so the running bot does not take the items.
    const keys = createKeys(`${world.prefix}ingest-only:`);
    const ingest = new Ingest(new InboxStore(world.redis, keys), createLogger('silent'), () => 5);
    const sender = { user_id: 2010, first_name: 'Ива\uE001н', last_name: null, is_bot: false, last_activity_time: 1 };
    const message = { sender, recipient: { chat_id: 100_002_010, chat_type: 'dialog' }, timestamp: 4, body: { mid: 'mid.2010', seq: 7, text: 'привет' } };
    await ingest.acceptBatch([
      { update_type: 'message_created', timestamp: 4, message, user_locale: 'ru' },
      // A voice message: no `message`; it does not pass the full schema.
      { update_type: 'message_created', timestamp: 5, user_locale: 'ru', user: sender },
    ]);
    const stored = (await world.redis.lrange(keys.inboxQueue('u:2010'), 0, -1)).map((raw) => JSON.parse(raw) as InboxItem);
    expect(stored).toHaveLength(2);
    expect(stored[0]!.checked).toBe(1);
    // Only the fields the bot reads, people's words already cleaned of the texts' mark characters.
    expect(stored[0]!.update).toEqual({
      update_type: 'message_created',
      timestamp: 4,
      message: {
        sender: { user_id: 2010, first_name: 'Иван', last_name: null, is_bot: false },
        recipient: { chat_id: 100_002_010, chat_type: 'dialog' },
        timestamp: 4,
        body: { mid: 'mid.2010', text: 'привет' },
      },
    });
    expect(stored[1]!.checked).toBeUndefined();
    expect(stored[1]!.update).toEqual({ update_type: 'message_created', timestamp: 5, user_locale: 'ru', user: sender });
  });

  it('an update stored by an earlier version (as received, not marked checked) is still parsed and handled after an upgrade', async () => {
    world = await createWorld();
    await world.control.createUser({ user_id: 2011, first_name: 'Ольга' });
    const keys = createKeys(world.prefix);
    const update = {
      update_type: 'message_created',
      timestamp: Date.now(),
      message: {
        sender: { user_id: 2011, first_name: 'Ольга', last_name: null, is_bot: false, last_activity_time: Date.now() },
        recipient: { chat_id: 100_002_011, chat_type: 'dialog', user_id: 2011 },
        timestamp: Date.now(),
        body: { mid: 'mid.old-2011', seq: 1, text: '/start' },
      },
      user_locale: 'ru',
    };
    // And a voice message, which the full schema does not accept: were an unmarked item trusted
    // as checked, its handling would fail on the missing `message`.
    const voice = { update_type: 'message_created', timestamp: Date.now(), chat_id: 100_002_011, user_id: 2011, user_locale: 'ru' };
    const items = [
      JSON.stringify({ id: 'old-format-2011', orderKey: 'u:2011', update, acceptedAt: Date.now() }),
      JSON.stringify({ id: 'old-format-2011-voice', orderKey: 'u:2011', update: voice, acceptedAt: Date.now() }),
    ];
    await world.redis
      .multi()
      .rpush(keys.inboxQueue('u:2011'), ...items)
      .zadd(keys.inboxPending, Date.now(), 'u:2011')
      .exec();
    await world.redis.publish(keys.inboxWake, 'u:2011');
    const [m, note] = await world.control.waitForMessages({ userId: 2011, fromBot: true }, { count: 2, timeoutMs: 15_000 });
    expect(m!.text).toContain('Здравствуйте');
    expect(note!.text).toBe(BOT_TEXTS.textOnly);
    expect(await world.redis.llen(keys.inboxQueue('u:2011'))).toBe(0);
  });
});
