// People's own words on every panel page: the unit-word marks are filled across the whole page,
// so every value put into a page has its braces protected (src/web/html.ts). A chat titled
// «Чат {ого|ой|ого} {Units}» and a person named «{Unit} Иван» show as written on each page that
// shows them, in a college, whose pages say nothing of a school; the marks of the texts
// around them are still filled. Names beside statuses agree in gender.
import { afterEach, describe, expect, it } from 'vitest';
import { ORG_TEXTS } from '../../src/org/texts.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { say, type World } from '../support/harness.js';
import { botClockSec, localApp, MINIAPP_URL, panelWorld } from './support.js';

const TITLE = 'Чат {ого|ой|ого} {Units}';
const NAME = '{Unit} Иван';
const WOMAN = 'Козлова Вера Ивановна';
const MAN = 'Иванов Пётр Сергеевич';
const ADMIN = 1;
const CHAT = -71000001;

/** A mark left unfilled (after people's own words are taken out of the page). */
const MARK = /\{(unit|units|Unit|Units|org|Org)(:[a-z]+)?\}|\{[^{}|<>]{1,30}\|[^{}|<>]{1,30}\|[^{}|<>]{1,30}\}/;

async function college(world: World): Promise<string> {
  const org = world.app.organisation;
  const now = org.now();
  await org.org.saveSettings({ name: 'Колледж связи', timeZone: 'Europe/Moscow', unitWord: 'группа' });
  const { unitId } = await org.org.createUnit('1-ИС');
  await org.people.saveProfile(5001, NAME, now);
  await org.people.putMembership(5001, { role: 'teacher', unitId: null, status: 'verified', since: now });
  await org.org.addCurator(unitId, 5001);
  await org.people.saveProfile(5002, WOMAN, now);
  await org.people.putMembership(5002, { role: 'teacher', unitId: null, status: 'verified', since: now });
  await org.people.saveProfile(5003, MAN, now);
  await org.people.putMembership(5003, { role: 'student', unitId, status: 'verified', since: now });
  await world.app.chats.store.added(CHAT, { title: TITLE, isChannel: false, link: null, at: now, offer: 'o1' });
  await world.app.chats.store.bind(CHAT, { kind: 'unit_parents', unitId, boundBy: 5001, at: now, offer: 'o1' });
  await org.audit.append(ADMIN, 'curator.appointed', 'user:5001', { unit: unitId });
  await org.audit.append(5001, 'chat.bound', `chat:${CHAT}`, { kind: 'unit_parents', unit: unitId });
  return unitId;
}

describe('people’s own words on the panel’s pages', () => {
  let world: World | undefined;
  afterEach(async () => world?.close());

  it('a chat title and a name with braces show as written on every page; a college sees no «школ»', async () => {
    world = await panelWorld();
    const w = world;
    const unitId = await college(w);
    const app = localApp(w);
    const launch = await w.control.miniAppUrl(ADMIN, MINIAPP_URL, { authDate: botClockSec(w) });
    const opened = await fetch(`${app}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ fragment: launch.slice(launch.indexOf('#') + 1) }),
    });
    expect(opened.status).toBe(200);
    const session = { authorization: `Bearer ${((await opened.json()) as { token: string }).token}` };
    const page = async (path: string) => {
      const res = await fetch(`${app}${path}`, { headers: session });
      expect(res.status, path).toBe(200);
      return res.text();
    };

    const shows: Record<string, string[]> = {
      '/school': [NAME],
      [`/school/unit?id=${unitId}`]: [NAME],
      '/people': [NAME, WOMAN],
      [`/people?unit=${unitId}`]: [MAN],
      '/chats': [TITLE],
      [`/chats/chat?id=${CHAT}`]: [TITLE],
      '/audit': [TITLE, NAME],
      '/stats': [],
      '/invites': [],
    };
    for (const [path, words] of Object.entries(shows)) {
      const body = await page(path);
      for (const wds of words) expect(body, `${path} shows ${wds}`).toContain(wds);
      const rest = body.replaceAll(TITLE, '').replaceAll(NAME, '');
      expect(rest, path).not.toMatch(MARK);
      expect(rest, path).not.toMatch(/[\uE000-\uE003]/);
      expect(rest, path).not.toMatch(/школ/i);
    }
    // The tab is the organisation's kind; the marks around people's words are filled.
    expect(await page('/school')).toContain('<h1>Колледж</h1>');
    expect(await page('/chats')).toContain('чат родителей группы');
    // Archiving asks the same in the panel as in the chat (/unit архив): people out of chats and all.
    const confirm = withUnitWord(ORG_TEXTS.archiveConfirm('1-ИС'), 'группа');
    expect(confirm).toContain('Её ученики, родители и руководители будут выведены из её чатов');
    expect(await page(`/school/unit?id=${unitId}`)).toContain(`data-confirm="${confirm}"`);
    // Statuses agree with the person beside them.
    const people = await page('/people');
    expect(people).toMatch(new RegExp(`${WOMAN}</td>.*?подтверждена<`, 's'));
    const pupils = await page(`/people?unit=${unitId}`);
    expect(pupils).toMatch(new RegExp(`${MAN}</td>.*?подтверждён<`, 's'));

    // An action's answer is a bot text: its marks are filled too (an invite for pupils needs a group).
    const form = await page('/invites');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(form)![1]!;
    const posted = await fetch(`${app}/invites/create`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: field('_csrf'), _key: field('_key'), role: 'student', unit: '', uses: '30', days: '7', count: '1' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const answered = await page('/invites');
    expect(answered).toContain('Для учеников и родителей укажите группу.');
    expect(answered).not.toMatch(MARK);

    // The bot's own messages quote them as written too.
    const [members] = await say(w, ADMIN, '/members');
    expect(members!.text).toContain(`• ${NAME} — подтверждён`);
    expect(members!.text).toContain(`• ${WOMAN} — подтверждена`);
    const [audit] = await say(w, ADMIN, '/audit');
    expect(audit!.text).toContain(`· ${NAME} · чат привязан · чат «${TITLE}» · вид чата: чат родителей группы; группа: «1-ИС»`);
  }, 90_000);
});
