// One Redis call at a time for many callers of the same kind: callers that come while a call
// is on its way wait, and go together in the next one. Under load, concurrent updates each
// need a small script call of the same kind (an acknowledgement, the actor's roles, a
// rate-limiter slot); shared, that is one round trip for many, and no caller waits longer
// than the call before its own. Each caller gets its own result, in the order it asked.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface SharedCallOptions<In> {
  /** Callers in one call at most. */
  maxBatch?: number;
  /**
   * Callers whose group differs cannot share a call (e.g. replies bound for different queue
   * families); undefined joins any. A call takes the first waiting caller's group.
   */
  groupOf?: (input: In) => unknown;
}

interface Waiting<In, Out> {
  input: In;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export class SharedCall<In, Out> {
  private readonly waiting: Array<Waiting<In, Out>> = [];
  private busy = false;
  private readonly maxBatch: number;
  /** The context the SharedCall was made in (see next). */
  private readonly detached = AsyncLocalStorage.snapshot();

  /** `run` gets the inputs of one call and returns one result per input, in order. */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly opts: SharedCallOptions<In> = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 64;
  }

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.busy) this.next();
    });
  }

  /**
   * A call started by a caller runs in that caller's async context; one started because the
   * previous call ended runs in the context the SharedCall was made in. Otherwise it would run
   * in the context of whoever started the previous one, and that caller's async-local state (a
   * crash test's scope, the background mark) would carry on to other callers' work for ever.
   * (Keeping each waiting caller's own context would cost an AsyncLocalStorage.snapshot() per
   * call, microseconds on the hot path.)
   */
  private next(chained = false): void {
    const batch = this.take();
    this.busy = true;
    const start = () => Promise.resolve().then(() => this.run(batch.map((w) => w.input)));
    (chained ? this.detached(start) : start())
      .then(
        (outs) => {
          for (const [i, w] of batch.entries()) w.resolve(outs[i]!);
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.busy = false;
        if (this.waiting.length > 0) this.next(true);
      });
  }

  private take(): Array<Waiting<In, Out>> {
    const groupOf = this.opts.groupOf;
    if (!groupOf) return this.waiting.splice(0, this.maxBatch);
    let group: unknown;
    const batch: Array<Waiting<In, Out>> = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.maxBatch; ) {
      const g = groupOf(this.waiting[i]!.input);
      if (g === undefined || group === undefined || g === group) {
        group ??= g;
        batch.push(...this.waiting.splice(i, 1));
      } else i++;
    }
    return batch;
  }
}
