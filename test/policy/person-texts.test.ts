// Every template that names a person, rendered for a man and a woman in each grammatical
// case it uses: the name declined and the words around it agreeing (policy/person-name.ts).
import { describe, expect, it } from 'vitest';
import { CONDUCT_TEXTS as C } from '../../src/conduct/texts.js';
import { ORG_TEXTS as O, statusOf } from '../../src/org/texts.js';
import { auditText } from '../../src/policy/audit-text.js';
import { ROSTER_TEXTS as R } from '../../src/org/roster-texts.js';
import { CHAT_TEXTS as H } from '../../src/chats/texts.js';
import { CONSENT_TEXTS as K } from '../../src/org/consent-texts.js';
import { FEEDBACK_DESK_TEXTS as F } from '../../src/feedback/texts.js';
import { person } from '../../src/policy/person-name.js';
import { nameFromMax } from '../../src/org/admin-names.js';
import { withUnitWord } from '../../src/policy/unit-word.js';

const HE = 'Орлов Олег Петрович';
const SHE = 'Козлова Вера Ивановна';

type Row = [template: string, render: (name: string) => string, male: string, female: string];

const ROWS: Row[] = [
  ['org.memberLine (status agrees)', (n) => O.memberLine(n, 'verified', null), '• Орлов Олег Петрович — подтверждён', '• Козлова Вера Ивановна — подтверждена'],
  ['org.meRole (status agrees)', (n) => O.meRole('teacher', null, 'verified', n), '• учитель — подтверждён', '• учитель — подтверждена'],
  ['statusOf (panel «Люди», workbook «Состав»)', (n) => statusOf('verified', n), 'подтверждён', 'подтверждена'],
  [
    'audit: removed from a chat (agreement)',
    (n) =>
      auditText(
        { at: 0, actor: 0, action: 'sanction.applied', target: 'user:7', details: { removed: 1 } },
        { person: () => n, unit: () => null, chat: () => null },
      ).details,
    'удалён из чата',
    'удалена из чата',
  ],
  [
    'conduct.heldPost (genitive)',
    (n) => C.heldPost(n, '21:05', 'Текст'),
    'Сообщение от Орлова Олега Петровича, отправлено в 21:05:\nТекст',
    'Сообщение от Козловой Веры Ивановны, отправлено в 21:05:\nТекст',
  ],
  [
    'conduct.laterQuestion (genitive)',
    (n) => C.laterQuestion(n, '5А', 'Вопрос?'),
    'Вопрос от родителя Орлова Олега Петровича (5А):\nВопрос?',
    'Вопрос от родителя Козловой Веры Ивановны (5А):\nВопрос?',
  ],
  [
    'conduct.reportOther (genitive)',
    (n) => C.reportOther(n, 'Текст'),
    'Сообщение от Орлова Олега Петровича (через /report):\nТекст',
    'Сообщение от Козловой Веры Ивановны (через /report):\nТекст',
  ],
  [
    'conduct.reportAdmins (nominative, agreement)',
    (n) => C.reportAdmins(7, n),
    'Внимание: Орлов Олег Петрович (id 7) сообщает о несанкционированном доступе к своему аккаунту (п. 4.5.2 Порядка применения сервисов взаимодействия). Свяжитесь с ним.',
    'Внимание: Козлова Вера Ивановна (id 7) сообщает о несанкционированном доступе к своему аккаунту (п. 4.5.2 Порядка применения сервисов взаимодействия). Свяжитесь с ней.',
  ],
  [
    'conduct.reportAdminsLost (nominative, agreement)',
    (n) => C.reportAdminsLost(7, n),
    'Внимание: Орлов Олег Петрович (id 7) сообщает о потере доступа к своему аккаунту. Свяжитесь с ним лично и помогите восстановить доступ.',
    'Внимание: Козлова Вера Ивановна (id 7) сообщает о потере доступа к своему аккаунту. Свяжитесь с ней лично и помогите восстановить доступ.',
  ],
  [
    'conduct.reportCurator (reporter, genitive)',
    (n) => C.reportCurator('5А', n, null, 'ой'),
    'Жалоба в чате «5А» от Орлова Олега Петровича на сообщение неизвестного участника:\n«ой»\nПроверьте переписку.',
    'Жалоба в чате «5А» от Козловой Веры Ивановны на сообщение неизвестного участника:\n«ой»\nПроверьте переписку.',
  ],
  [
    'conduct.reportCurator (author, genitive, agreement)',
    (n) => C.reportCurator('5А', 'id 1', n, 'ой'),
    'Жалоба в чате «5А» от id 1 на сообщение участника Орлова Олега Петровича:\n«ой»\nПроверьте переписку.',
    'Жалоба в чате «5А» от id 1 на сообщение участницы Козловой Веры Ивановны:\n«ой»\nПроверьте переписку.',
  ],
  [
    'conduct.removedAuto (agreement)',
    (n) => C.removedAuto('5А', n, 3),
    'Орлов Олег Петрович удалён из чата «5А» после третьего нарушения за 30 дней.',
    'Козлова Вера Ивановна удалена из чата «5А» после третьего нарушения за 30 дней.',
  ],
  [
    'org.movePickTarget (accusative)',
    (n) => O.movePickTarget(n, '5А'),
    'Куда перевести Орлова Олега Петровича (сейчас: 5А)?',
    'Куда перевести Козлову Веру Ивановну (сейчас: 5А)?',
  ],
  [
    'org.moveDone (agreement)',
    (n) => O.moveDone(n, '5А', '5Б'),
    'Орлов Олег Петрович переведён из «5А» в «5Б». Родители переведены вместе с ребёнком.',
    'Козлова Вера Ивановна переведена из «5А» в «5Б». Родители переведены вместе с ребёнком.',
  ],
  [
    'org.removeConfirm (accusative)',
    (n) => O.removeConfirm(n),
    'Удалить Орлова Олега Петровича из организации? Человек потеряет все роли и привязки, его данные будут стёрты.',
    'Удалить Козлову Веру Ивановну из организации? Человек потеряет все роли и привязки, его данные будут стёрты.',
  ],
  ['org.removeDone (agreement)', (n) => O.removeDone(n), 'Орлов Олег Петрович удалён из организации.', 'Козлова Вера Ивановна удалена из организации.'],
  [
    'org.childPickTitle (genitive, agreement)',
    (n) => O.childPickTitle(n),
    'Кто ребёнок заявителя Орлова Олега Петровича? Список класса видите только вы.',
    'Кто ребёнок заявительницы Козловой Веры Ивановны? Список класса видите только вы.',
  ],
  [
    'consent.held (agreement)',
    (n) => K.held(n, true).split('\n')[0]!,
    'Орлов Олег Петрович: заявка одобрена, но ученик будет подтверждён только после согласия родителя.',
    'Козлова Вера Ивановна: заявка одобрена, но ученица будет подтверждена только после согласия родителя.',
  ],
  [
    'consent.heldPanel (agreement)',
    (n) => K.heldPanel(n).split('.')[0]!,
    'Орлов Олег Петрович: заявка одобрена, но ученик будет подтверждён только после согласия родителя',
    'Козлова Вера Ивановна: заявка одобрена, но ученица будет подтверждена только после согласия родителя',
  ],
  [
    'consent.writtenDone (agreement)',
    (n) => K.writtenDone(n),
    'Письменное согласие родителя записано. Орлов Олег Петрович подтверждён.',
    'Письменное согласие родителя записано. Козлова Вера Ивановна подтверждена.',
  ],
  [
    'consent.parentConsented (genitive)',
    (n) => K.parentConsented(n),
    'Родитель дал согласие на обработку данных Орлова Олега Петровича. Заявка ждёт вашего решения: /requests',
    'Родитель дал согласие на обработку данных Козловой Веры Ивановны. Заявка ждёт вашего решения: /requests',
  ],
  [
    'consent.parentConsentedApproved (agreement)',
    (n) => K.parentConsentedApproved(n),
    'Родитель дал согласие: Орлов Олег Петрович подтверждён.',
    'Родитель дал согласие: Козлова Вера Ивановна подтверждена.',
  ],
  [
    'consent.parentRefusedNote (genitive, agreement)',
    (n) => K.parentRefusedNote(n, '5А'),
    'Родитель не дал согласия на обработку данных Орлова Олега Петровича (5А). Ученик не будет подключён к чатам; предложите семье другие формы связи: очные встречи с педагогами по договорённости, родительские собрания, информация на сайте и стендах школы. Заявку можно отклонить: /requests',
    'Родитель не дал согласия на обработку данных Козловой Веры Ивановны (5А). Ученица не будет подключена к чатам; предложите семье другие формы связи: очные встречи с педагогами по договорённости, родительские собрания, информация на сайте и стендах школы. Заявку можно отклонить: /requests',
  ],
  [
    'consent.cardMissing (agreement)',
    (n) => K.cardMissing(true, n),
    'Согласие родителя: нет. Родителя попросили подтвердить. Без него ученик не будет подтверждён.',
    'Согласие родителя: нет. Родителя попросили подтвердить. Без него ученица не будет подтверждена.',
  ],
  [
    'org.childMatched (agreement)',
    (n) => O.childMatched(n),
    'Ребёнок: совпадает с учеником класса: Орлов Олег Петрович',
    'Ребёнок: совпадает с ученицей класса: Козлова Вера Ивановна',
  ],
  [
    'roster.cardNotListed (agreement)',
    (n) => R.cardNotListed(n),
    'По списку класса: не найден — проверьте, знаете ли вы этого ученика.',
    'По списку класса: не найдена — проверьте, знаете ли вы эту ученицу.',
  ],
  [
    'chats.strangerRemoved (agreement)',
    (n) => H.strangerRemoved('5А', n),
    'Из чата «5А» удалён посторонний: Орлов Олег Петрович.',
    'Из чата «5А» удалена посторонняя: Козлова Вера Ивановна.',
  ],
  [
    'consent.refusalNote (agreement)',
    (n) => K.refusalNote(n, 'parent', '5А').split('\n')[0]!,
    'Орлов Олег Петрович (родитель, 5А) отказался от согласия на обработку персональных данных, поэтому к чатам не подключается.',
    'Козлова Вера Ивановна (родитель, 5А) отказалась от согласия на обработку персональных данных, поэтому к чатам не подключается.',
  ],
  // A writer with no name in the organisation is named from the MAX profile, surname first
  // (org/admin-names.ts): «Ирина Смирнова» would decline as «Ириной Смирновы».
  [
    'conduct.heldPost (MAX profile name, genitive)',
    (n) =>
      C.heldPost(
        nameFromMax(n === HE ? { user_id: 1, first_name: 'Олег', last_name: 'Орлов' } : { user_id: 2, first_name: 'Ирина', last_name: 'Смирнова' })!,
        '21:05',
        'Текст',
      ),
    'Сообщение от Орлова Олега, отправлено в 21:05:\nТекст',
    'Сообщение от Смирновой Ирины, отправлено в 21:05:\nТекст',
  ],
  [
    'feedback.toAdmins (genitive)',
    (n) => F.toAdmins(n, 7, 'Спасибо').split('\n')[0]!,
    'Отзыв о работе бота от Орлова Олега Петровича (id 7):',
    'Отзыв о работе бота от Козловой Веры Ивановны (id 7):',
  ],
];

describe('templates that name a person', () => {
  it.each(ROWS)('%s', (_t, render, male, female) => {
    expect(withUnitWord(render(HE), 'класс')).toBe(male);
    expect(withUnitWord(render(SHE), 'класс')).toBe(female);
  });

  it('a stand-in or an undeclinable name is used as is, with neutral wording', () => {
    expect(C.heldPost('id 42', '21:05', 'x')).toBe('Сообщение от id 42, отправлено в 21:05:\nx');
    expect(C.reportAdmins(42, 'id 42')).toContain('Свяжитесь с этим человеком.');
    expect(O.removeDone('Ким Юна')).toBe('Ким Юна: удаление из организации выполнено.');
    expect(K.refusalNote('Ким Юна', 'parent', null).split('\n')[0]).toBe(
      'Ким Юна (родитель): отказ от согласия на обработку персональных данных, поэтому к чатам не подключается.',
    );
    expect(H.removed).not.toMatch(/удал[её]н\b/);
  });

  it('one function gives every case', () => {
    const p = person(SHE);
    expect([p.nom, p.gen, p.dat, p.acc, p.ins, p.loc]).toEqual([
      'Козлова Вера Ивановна',
      'Козловой Веры Ивановны',
      'Козловой Вере Ивановне',
      'Козлову Веру Ивановну',
      'Козловой Верой Ивановной',
      'Козловой Вере Ивановне',
    ]);
  });
});
