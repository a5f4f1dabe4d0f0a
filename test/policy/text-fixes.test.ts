// Texts that used to read wrong: the greeting's hours, the organisation's kind, the count of
// violations, a rejection, the median decision time and dates (ДД.ММ.ГГГГ, one formatter).
import { describe, expect, it } from 'vitest';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { CHAT_TEXTS } from '../../src/chats/texts.js';
import { CONDUCT_TEXTS as C } from '../../src/conduct/texts.js';
import { JOIN_TEXTS as J } from '../../src/flows/org/join-texts.js';
import { ORG_TEXTS as O } from '../../src/org/texts.js';
import { ruDate, ruDateTime, ruDay } from '../../src/policy/dates.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { decisionTime } from '../../src/reports/texts.js';

describe('texts that read right', () => {
  it('the greeting tells the configured hours', () => {
    expect(BOT_TEXTS.greeting({ start: '08:00', end: '18:30' })).toContain('(08:00–18:30)');
    expect(BOT_TEXTS.greeting({ start: '08:00', end: '18:30' })).not.toContain('07:30');
  });

  it('round-the-clock hours are told as such, with no «other time» and no production calendar', () => {
    for (const h of [
      { start: '00:00', end: '24:00', always: true as const },
      { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
    ]) {
      for (const text of [
        BOT_TEXTS.greeting(h),
        CHAT_TEXTS.rules(h),
        J.consent(h),
        C.hoursShow('чата', h.start, h.end, 'Europe/Moscow', [1, 2, 3, 4, 5, 6, 7], []),
      ]) {
        expect(text).not.toMatch(/00:00|24:00|в остальное время/);
      }
    }
    expect(CHAT_TEXTS.rules({ start: '00:00', end: '24:00', always: true })).toContain('3. Вопросы — в любое время.');
    expect(C.hoursShow('чата', '00:00', '24:00', 'Europe/Moscow', [1, 2, 3, 4, 5, 6, 7], [])).toBe('Рабочее время чата: круглосуточно, без выходных.');
    // A school's hours keep the window and what happens outside it.
    expect(CHAT_TEXTS.rules({ start: '07:30', end: '20:00' })).toContain('3. Вопросы — с 07:30 до 20:00; в остальное время ответят утром.');
    expect(J.consent({ start: '07:30', end: '20:00' })).toContain('с 07:30 до 20:00, в остальное время');
  });

  it.each([
    ['класс', 'Здравствуйте! Я бот школы в MAX.'],
    ['группа', 'Здравствуйте! Я бот колледжа в MAX.'],
    ['объединение', 'Здравствуйте! Я бот организации в MAX.'],
  ] as const)('the bot calls itself by the organisation’s kind (%s)', (word, first) => {
    expect(withUnitWord(CHAT_TEXTS.greeting(false), word).split('\n')[0]).toBe(first);
    expect(withUnitWord(BOT_TEXTS.greeting({ start: '07:30', end: '20:00' }), word)).toContain(
      `Я помогаю ${{ класс: 'школе', группа: 'колледжу', объединение: 'организации' }[word]} вести чаты`,
    );
  });

  it.each([
    [
      3,
      'Орлов Олег нарушает правила чата «5А» в третий раз за 30 дней. Удалить из чата?',
      'Орлов Олег удалён из чата «5А» после третьего нарушения за 30 дней.',
    ],
    [4, 'Орлов Олег нарушает правила чата «5А» уже 4-й раз за 30 дней. Удалить из чата?', 'Орлов Олег удалён из чата «5А» после 4-го нарушения за 30 дней.'],
    [7, 'Орлов Олег нарушает правила чата «5А» уже 7-й раз за 30 дней. Удалить из чата?', 'Орлов Олег удалён из чата «5А» после 7-го нарушения за 30 дней.'],
  ])('violation %i is counted as it is', (count, offer, removed) => {
    expect(C.curatorRemoveOffer('5А', 'Орлов Олег', count)).toBe(offer);
    expect(C.removedAuto('5А', 'Орлов Олег', count)).toBe(removed);
  });

  it.each([
    ['', 'parent', 'К сожалению, ваша заявка отклонена. Если это ошибка, обратитесь к классному руководителю или администратору.'],
    [
      'Такого ученика нет',
      'student',
      'К сожалению, ваша заявка отклонена. Причина: Такого ученика нет. Если это ошибка, обратитесь к классному руководителю или администратору.',
    ],
    ['Не работает у нас!', 'teacher', 'К сожалению, ваша заявка отклонена. Причина: Не работает у нас! Если это ошибка, обратитесь к администратору.'],
    ['Уволен ', 'staff', 'К сожалению, ваша заявка отклонена. Причина: Уволен. Если это ошибка, обратитесь к администратору.'],
  ] as const)('a rejection with reason %j to a %s', (reason, role, text) => expect(O.youRejected(reason, role)).toBe(text));

  it.each([
    [null, '—'],
    [20_000, 'меньше минуты'],
    [25 * 60_000, '25 мин'],
    [90 * 60_000, '1,5 ч'],
    [3 * 24 * 3_600_000, '3 дн'],
  ])('the median decision time %s ms reads %j', (ms, text) => expect(decisionTime(ms)).toBe(text));

  it('dates are ДД.ММ.ГГГГ', () => {
    const at = Date.parse('2026-12-30T04:30:00Z');
    expect(ruDate(at, 'Europe/Moscow')).toBe('30.12.2026');
    expect(ruDateTime(at, 'Europe/Moscow')).toBe('30.12.2026 07:30');
    expect(ruDay('2027-01-29')).toBe('29.01.2027');
    expect(C.hoursOwnDays(['2027-01-29'], ['2027-02-06'])).toBe('Дополнительные выходные: 29.01.2027.\nРабочие вопреки календарю: 06.02.2027.');
    expect(O.inviteLine('abc', 'parent', '5А', 0, 30, O.ruDate(at, 'Asia/Vladivostok'))).toContain('до 30.12.2026');
  });
});
