// Registries of what features contribute (commands, button actions, flow effects, flows, router
// hooks, ports): each name has one owner. A second claim throws at startup and names both
// features, e.g. "duplicate command /x (org, chats)"; a Map built from a list would silently keep
// the last one instead.

/** Names → entries, each with the feature that registered it; a second registration throws. */
export class Registry<T> {
  private readonly entries = new Map<string, { owner: string; value: T }>();

  /** `kind` and `prefix` make the error read "duplicate command /x (org, chats)". */
  constructor(
    private readonly kind: string,
    private readonly prefix = '',
  ) {}

  add(owner: string, name: string, value: T): void {
    const had = this.entries.get(name);
    if (had) throw new Error(`duplicate ${this.kind} ${this.prefix}${name} (${had.owner}, ${owner})`);
    this.entries.set(name, { owner, value });
  }

  get(name: string): T | undefined {
    return this.entries.get(name)?.value;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  ownerOf(name: string): string | undefined {
    return this.entries.get(name)?.owner;
  }

  /** The names, in the order registered. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** In the order registered. */
  values(): T[] {
    return [...this.entries.values()].map((e) => e.value);
  }

  /** A live lookup by name (registrations made later are found). */
  lookup(): { get(name: string): T | undefined } {
    return { get: (name) => this.get(name) };
  }

  /**
   * A live object whose properties are the registered entries (read per use, so an entry
   * registered after the object was handed out is found).
   */
  asRecord<R extends object>(): R {
    return new Proxy({} as R, {
      get: (_t, name) => (typeof name === 'string' ? this.get(name) : undefined),
      has: (_t, name) => typeof name === 'string' && this.has(name),
    });
  }
}
