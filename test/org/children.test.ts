// Children's names kept private: a parent invite never shows the class list; the typed
// name is matched against the class; the curator picks the pupil when nothing matched;
// a pupil verified later links the parents who typed their name; /move moves them all.
import { afterEach, describe, expect, it } from 'vitest';
import { ORG_TEXTS as T } from '../../src/org/texts.js';
import type { MessageView } from '../../src/sandbox/control.js';
import { answerTo, createWorld, eventually, press, say, type World } from '../support/harness.js';
import { card, decide, invite, join, workdayClock } from './support.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

/** A text as a school (unit word «класс») sees it. */
const K = (text: string) => withUnitWord(text, 'класс');

const ADMIN = 1;
const CURATOR = 10;

async function parentRole(world: World, userId: number, unitName: string) {
  const unit = await world.app.organisation.org.findUnit(unitName);
  return world.app.organisation.people.membership(userId, 'parent', unit!.id);
}

describe('children of parents who join', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('the invite shows no names; a typed name matches the pupil (ё/е, order, no patronymic); the curator picks the rest; /move moves every linked parent', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 5А');
    await say(world, ADMIN, '/unit add 6Б');
    await join(world, CURATOR, await invite(world, ADMIN, 'куратор 5А'), { name: 'Петрова Анна Ивановна' });
    await decide(world, ADMIN, 'Петрова Анна Ивановна', 'Подтвердить');
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).at(-1)!.text).toContain('Ваша заявка подтверждена'));
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр Сергеевич' });
    await decide(world, CURATOR, 'Иванов Пётр Сергеевич', 'Подтвердить');
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Кузнецова Ольга' });
    await decide(world, CURATOR, 'Кузнецова Ольга', 'Подтвердить');

    // A parent types the name in another order, with «е» for «ё» and no patronymic.
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'петр иванов' });
    const shown = (await world.control.botMessagesTo(30))
      .map(
        (m) =>
          `${m.text ?? ''} ${m.buttons
            .flat()
            .map((b) => b.text)
            .join(' ')}`,
      )
      .join('\n');
    expect(shown).not.toContain('Иванов Пётр');
    expect(shown).not.toContain('Кузнецова');
    const matched = await card(world, CURATOR, 'Иванова Мария');
    expect(matched.text).toContain(K(T.childMatched('Иванов Пётр Сергеевич')));
    expect(matched.buttons.flat().map((b) => b.text)).toEqual([T.approve, T.reject]);
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    expect((await parentRole(world, 30, '5А'))?.children).toEqual([{ userId: 20 }]);

    // A nickname matches nobody: the card says so and offers the class list to the curator only.
    await join(world, 31, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванов Сергей', child: 'Иванов Петя' });
    const unmatched = await card(world, CURATOR, 'Иванов Сергей');
    expect(unmatched.text).toContain(K(T.childNotFound('Иванов Петя')));
    const [list] = await press(world, CURATOR, unmatched, T.childPick);
    const [sameList] = await press(world, CURATOR, unmatched, T.childPick);
    expect(list!.text).toBe(K(T.childPickTitle('Иванов Сергей')));
    expect(list!.buttons.flat().map((b) => b.text)).toEqual(['Иванов Пётр Сергеевич', 'Кузнецова Ольга']);
    const [fresh] = await press(world, CURATOR, list!, 'Иванов Пётр Сергеевич');
    expect(fresh!.text).toContain(K(T.childMatched('Иванов Пётр Сергеевич')));
    await eventually(async () => {
      const closed = (await world.control.botMessagesTo(CURATOR)).find((m: MessageView) => m.mid === list!.mid)!;
      expect(closed.text).toContain(T.childLinked('Иванов Пётр Сергеевич'));
    });
    await decide(world, CURATOR, 'Иванов Сергей', 'Подтвердить');
    expect((await parentRole(world, 31, '5А'))?.children).toEqual([{ userId: 20 }]);
    // Every press is checked again: the request is decided, the old list changes nothing.
    const late = await world.control.pressByText(CURATOR, sameList!.mid, 'Кузнецова Ольга');
    expect((await answerTo(world, late.callback_id)).notification).toBe(T.alreadyDecided);
    expect((await parentRole(world, 31, '5А'))?.children).toEqual([{ userId: 20 }]);

    // A child who has not joined yet: linked by id the moment the pupil is verified.
    await join(world, 32, await invite(world, CURATOR, 'родитель 5А'), { name: 'Сидорова Елена', child: 'Сидорова Алёна' });
    expect((await card(world, CURATOR, 'Сидорова Елена')).text).toContain(K(T.childNotFound('Сидорова Алёна')));
    await decide(world, CURATOR, 'Сидорова Елена', 'Подтвердить');
    expect((await parentRole(world, 32, '5А'))?.children).toEqual([{ name: 'Сидорова Алёна' }]);
    await join(world, 22, await invite(world, CURATOR, 'ученик 5А'), { name: 'Алена Сидорова Игоревна' });
    await decide(world, CURATOR, 'Алена Сидорова Игоревна', 'Подтвердить');
    await eventually(async () => expect((await parentRole(world, 32, '5А'))?.children).toEqual([{ userId: 22 }]));

    // /move takes every parent linked to the pupil along.
    for (const [pupil, search] of [
      ['Иванов Пётр Сергеевич', 'Иванов Пётр'],
      ['Алена Сидорова Игоревна', 'Сидорова'],
    ] as const) {
      const [who] = await say(world, ADMIN, `/move ${search}`);
      const [where] = who!.buttons.length > 0 && who!.text === T.movePickPerson ? await press(world, ADMIN, who!, pupil) : [who];
      const { callback_id } = await world.control.pressByText(ADMIN, where!.mid, '6Б');
      expect((await answerTo(world, callback_id)).newText).toContain(T.moveDone(pupil, '5А', '6Б'));
    }
    for (const parent of [30, 31, 32]) {
      expect(await parentRole(world, parent, '5А')).toBeNull();
      expect((await parentRole(world, parent, '6Б'))?.status).toBe('verified');
    }
    const [audit] = await say(world, ADMIN, '/audit 80');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['child.linked']);
  });
});
