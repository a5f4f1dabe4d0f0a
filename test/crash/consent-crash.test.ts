// A parent's «Даю согласие» for a younger pupil whose approval a reviewer has already pressed
// (and the bot held for the consent), killed with SIGKILL at each of its first Redis writes in
// turn, then restarted: every time the consent is recorded once (one audit entry), the held
// approval is completed, and the pupil and the reviewer are told once. Before, a kill right
// after the consent was written left the pupil waiting for ever: the press, handled again, found
// «a consent already» and stopped there. The writes covered reach into the approval; the
// approval's own later writes are the same decision step test/crash/approve-crash.test.ts kills
// at every write of (a whole walk here would cost the suite minutes for nothing new).
import { describe, expect, it } from 'vitest';
import { CONSENT_TEXTS as C } from '../../src/org/consent-texts.js';
import { ORG_TEXTS as T } from '../../src/org/texts.js';
import type { MessageView } from '../../src/sandbox/control.js';
import { decodeAuditFields } from '../../src/store/audit-log.js';
import { createKeys } from '../../src/store/keys.js';
import { eventually, say } from '../support/harness.js';
import { card, decide, invite, join } from '../org/support.js';
import { crashBench, requestsOf, toldExactly } from './support.js';

const ADMIN = 1;
// Distinct surnames: a name two pupils of the class share links to neither parent.
const SURNAMES = ['Абрамов', 'Борисов', 'Волков', 'Гусев', 'Дмитриев'];

interface Family {
  pupil: number;
  name: string;
  parent: number;
  /** The question to the parent, with its two buttons. */
  ask: MessageView;
}

describe('crash safety of a parent’s consent', () => {
  const bench = crashBench();

  it('a kill at each of the first Redis writes after «Даю согласие»: one consent, the held approval completed, everyone told once', async () => {
    // The product's default self-consent grade (8): pupils of 5А need a parent.
    const world = await bench.start({ selfConsentGrade: null });
    const keys = createKeys(world.prefix);
    await say(world, ADMIN, '/unit add 5А');
    const parents = await invite(world, ADMIN, 'родитель 5А uses=100');
    const pupils = await invite(world, ADMIN, 'ученик 5А uses=100');

    // Every family up to the parent's question, with the admin's approval held for the consent
    // (families side by side: the bot handles different people independently).
    const families: Family[] = await Promise.all(
      SURNAMES.map(async (surname, i) => {
        const name = `${surname} Пётр`;
        const f = { pupil: 7000 + i, name, parent: 7500 + i };
        await join(world, f.parent, parents, { name: `${surname}а Мария`, child: name });
        await decide(world, ADMIN, `${surname}а Мария`, 'Подтвердить');
        await join(world, f.pupil, pupils, { name });
        const ask = await eventually(async () => {
          const found = (await world.control.botMessagesTo(f.parent)).find((m) => m.buttons.flat().some((b) => b.text === C.parentYes));
          expect(found).toBeDefined();
          return found!;
        });
        const c = await card(world, ADMIN, name);
        await world.control.pressByText(ADMIN, c.mid, T.approve);
        await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).find((m) => m.mid === c.mid)!.text).toContain(C.heldLine));
        return { ...f, ask };
      }),
    );

    await bench.killAtEachWrite({
      name: 'parent’s consent',
      // The step has more writes than families: every run is killed, at write 1, 2, … 5.
      runs: families.length,
      killEveryRun: true,
      atLeast: families.length,
      async run(n) {
        const f = families[n - 1]!;
        return {
          scope: 'action:pc:y',
          start: () => world.control.pressByText(f.parent, f.ask.mid, C.parentYes),
          told: { userId: f.pupil, part: 'Ваша заявка подтверждена' },
          async check(after) {
            await toldExactly(world, f.pupil, after, 'Ваша заявка подтверждена');
            await toldExactly(world, ADMIN, after, C.parentConsentedApproved(f.name));
            const [request] = await requestsOf(world, f.pupil);
            expect(request).toMatchObject({ status: 'approved', applied: true, consent: { by: 'parent', userId: f.parent } });
            const entries = (await world.redis.xrange(keys.audit, '-', '+')).map(([id, fields]) => decodeAuditFields(id, fields));
            expect(entries.filter((e) => e.action === 'consent.parent' && e.target === `user:${f.pupil}`)).toHaveLength(1);
            expect(entries.filter((e) => e.action === 'request.approved' && e.target === `request:${request!.id}`)).toHaveLength(1);
            // The parent's question is closed with the thanks.
            await eventually(async () => {
              const q = (await world.control.botMessagesTo(f.parent)).find((m) => m.mid === f.ask.mid)!;
              expect(q.buttons.flat()).toHaveLength(0);
              expect(q.text).toContain(C.parentThanks);
            }, 60_000);
          },
        };
      },
    });
  }, 900_000);
});
