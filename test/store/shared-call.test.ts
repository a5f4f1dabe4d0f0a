// SharedCall: callers that come while a call is on its way share the next one; each gets its
// own result; a failed call fails only its own callers; groups never share a call.
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { SharedCall } from '../../src/store/shared-call.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SharedCall', () => {
  it('the first caller goes alone; those that come meanwhile share the next call, each with its own result', async () => {
    const calls: number[][] = [];
    const shared = new SharedCall<number, number>(async (xs) => {
      calls.push(xs);
      await tick();
      return xs.map((x) => x * 10);
    });
    expect(await Promise.all([1, 2, 3, 4].map((x) => shared.call(x)))).toEqual([10, 20, 30, 40]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('at most maxBatch callers a call', async () => {
    const calls: number[][] = [];
    const shared = new SharedCall<number, number>(
      async (xs) => {
        calls.push(xs);
        await tick();
        return xs;
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((x) => shared.call(x)));
    expect(calls).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('a failed call rejects its own callers only; the next call goes on', async () => {
    let n = 0;
    const shared = new SharedCall<number, number>(async (xs) => {
      await tick();
      if (n++ === 1) throw new Error('Redis went away');
      return xs;
    });
    const results = await Promise.allSettled([1, 2, 3].map((x) => shared.call(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await shared.call(4)).toBe(4);
  });

  it('callers of different groups never share a call; ungrouped ones join any', async () => {
    const calls: string[][] = [];
    const shared = new SharedCall<string, string>(
      async (xs) => {
        calls.push(xs);
        await tick();
        return xs;
      },
      { groupOf: (x) => (x.startsWith('-') ? undefined : x[0]) },
    );
    await Promise.all(['a1', 'a2', 'b1', '-x', 'a3', 'b2'].map((x) => shared.call(x)));
    expect(calls).toEqual([['a1'], ['a2', '-x', 'a3'], ['b1', 'b2']]);
  });

  it("a call started when the previous one ended does not run in that one's caller's async context", async () => {
    const scope = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const shared = new SharedCall<number, number>(async (xs) => {
      seen.push(scope.getStore());
      await tick();
      return xs;
    });
    // The first caller starts a call in its own context; the second waits and goes in the next call.
    const first = scope.run('update 1', () => shared.call(1));
    const second = shared.call(2);
    await Promise.all([first, second]);
    expect(seen).toEqual(['update 1', undefined]);
  });
});
