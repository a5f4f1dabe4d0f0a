// Erasure of a person from join requests they do not own: a parent whose consent a pupil's
// request records, a reviewer whose approval waits for that consent, a parent already asked.
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/store/audit-log.js';
import { RequestStore, type JoinRequest } from '../../src/store/request-store.js';
import { storeRedis } from '../support/store-redis.js';

const PUPIL = 5001;
const PARENT = 7001;
const OTHER_PARENT = 7002;
const REVIEWER = 1001;

describe('join requests forget an erased parent or reviewer', () => {
  const store = storeRedis();

  it('clears the consenting parent, the held approval and the asked parent; the rest stays', async () => {
    const { redis, keys } = store.open();
    const requests = new RequestStore(redis, keys);
    const id = RequestStore.newId();
    const base: Omit<JoinRequest, 'status'> = { id, userId: PUPIL, role: 'student', unitId: 'u1', fullName: 'Соколова Анна', inviteCode: '', createdAt: 1 };
    await requests.create(base);
    expect(await requests.patchPending(id, { heldBy: REVIEWER, parentsAsked: [PARENT, OTHER_PARENT] })).toBe('ok');
    expect(
      await requests.recordConsent(
        id,
        { by: 'parent', userId: PARENT, at: 2 },
        AuditLog.fields(PARENT, 'consent.parent', `user:${PUPIL}`, { child: PUPIL }, 2),
      ),
    ).toBe('ok');

    await requests.erase({ userId: PARENT, fullName: null, unitIds: [], actorId: PARENT });
    const afterParent = (await requests.get(id))!;
    expect(afterParent.consent).toEqual({ by: 'parent', userId: 0, at: 2 });
    expect(afterParent.parentsAsked).toEqual([OTHER_PARENT]);
    expect(afterParent.heldBy).toBe(REVIEWER);
    expect(afterParent.fullName).toBe('Соколова Анна');
    expect(afterParent.status).toBe('pending');

    await requests.erase({ userId: REVIEWER, fullName: null, unitIds: [], actorId: REVIEWER });
    const afterReviewer = (await requests.get(id))!;
    expect(afterReviewer.heldBy).toBeUndefined();
    expect(JSON.stringify({ ...afterReviewer, id: '' })).not.toMatch(new RegExp(`\\b(${PARENT}|${REVIEWER})\\b`));
  });

  it('get() returns an approved request raw (no name read); named() reads the name, none once erased', async () => {
    const { redis, keys } = store.open();
    const requests = new RequestStore(redis, keys);
    const id = RequestStore.newId();
    await requests.create({ id, userId: PUPIL, role: 'parent', unitId: 'u1', fullName: 'Соколова Анна', inviteCode: '', createdAt: 1 });
    await redis.hset(keys.person(PUPIL), 'fullName', 'Соколова Анна');
    await requests.decide(id, 'approved', REVIEWER, '', 2, 'update-1');
    await requests.applied(id, AuditLog.fields(REVIEWER, 'request.approved', `request:${id}`, { user: PUPIL }, 2), []);
    // Stored compact by the script: the role's number, no creation time (0), the wait (1 ms).
    expect(JSON.parse((await redis.get(keys.request(id)))!)).toEqual(['a', PUPIL, 7, 'u1', 0, REVIEWER, 1, RequestStore.decisionKeyOf('update-1'), '', '', 1]);
    const raw = (await requests.get(id))!;
    expect(raw.status).toBe('approved');
    expect(raw.fullName).toBe('');
    expect((await requests.named(raw)).fullName).toBe('Соколова Анна');
    await requests.erase({ userId: PUPIL, fullName: 'Соколова Анна', unitIds: [], actorId: PUPIL });
    await redis.del(keys.person(PUPIL));
    const erased = (await requests.get(id))!;
    expect(erased.userId).toBe(0);
    expect((await requests.named(erased)).fullName).toBe('');
  });
});
