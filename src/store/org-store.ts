// The organisation and its structure: settings and units (классы / группы /
// объединения) with their curators. One organisation per bot deployment.
import type { Redis } from 'ioredis';
import { normaliseUnitName } from '../policy/names.js';
import { parseSelfConsentGrade } from '../policy/child-consent.js';
import type { Keys } from './keys.js';

import type { UnitWord } from '../policy/unit-word.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export interface OrgSettings {
  name: string | null;
  timeZone: string;
  unitWord: UnitWord;
  setupAt: number | null;
  /** The last grade (course), whose pupils graduate at the school-year rollover. */
  finalGrade: number;
  /** From this grade pupils consent themselves; younger ones (and units without a grade) need a parent's consent. */
  selfConsentGrade: number;
}

export interface Unit {
  id: string;
  name: string;
  archived: boolean;
  createdAt: number;
  /** The staff room («Учительская», 000 2.3, 001 3.1.4) exists from the start and cannot be archived. */
  staffRoom: boolean;
}

export const STAFF_ROOM_ID = 'staff';

/** What a unit id looks like (a created unit's "u<n>", or the staff room): for ids in payloads and forms. */
export const UNIT_ID = /^(u\d{1,9}|staff)$/;
export const STAFF_ROOM_NAME = 'Учительская';

type OrgRedis = Redis & {
  orgCreateUnit(byName: string, units: string, seq: string, norm: string, name: string, now: number, prefix: string, id: string): Promise<[number, string]>;
  orgRenameUnit(byName: string, unit: string, oldNorm: string, newNorm: string, name: string, id: string): Promise<string>;
  orgArchiveUnit(byName: string, unit: string, norm: string, id: string): Promise<string>;
};

/**
 * The organisation's settings and hours are read for nearly every update but change
 * rarely: they are kept in the process and dropped when any instance changes them
 * (a message on `orgChanged`), and re-read at least every CACHE_MS in case such a
 * message was missed while the subscriber reconnected.
 */
const CACHE_MS = 30_000;

const UNIT_ORDER = new Intl.Collator('ru', { numeric: true });

export class OrgStore implements PersonalDataHolder {
  readonly name = 'org';
  readonly families = {
    org: { none: "the organisation's settings" },
    orgChanged: { none: 'a notification channel' },
    unitSeq: { none: 'a counter' },
    units: { none: 'unit ids' },
    unit: { none: "a unit's name and dates" },
    unitByName: { none: 'unit names' },
    unitCurators: { holds: "ids of a unit's curators" },
    publicNumbers: { none: "the organisation's public phone numbers (never a person's)" },
  } as const;

  /** The person curates no unit any more. */
  async erase({ userId }: ErasedPerson): Promise<void> {
    for (const key of await scanKeys(this.redis, this.keys.unitCurators('*'))) await this.redis.srem(key, String(userId));
  }

  private readonly redis: OrgRedis;
  private cached: { at: number; hash: Promise<Record<string, string>> } | null = null;
  /** Grows whenever the cached settings are dropped or re-read: derived values (parsed hours) key on it. */
  generation = 0;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
    private readonly defaults: { timeZone: string },
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as OrgRedis;
  }

  /** Idempotent: the staff room exists from the first start. */
  async bootstrap(now = Date.now()): Promise<void> {
    await this.redis.orgCreateUnit(
      this.keys.unitByName,
      this.keys.units,
      this.keys.unitSeq,
      normaliseUnitName(STAFF_ROOM_NAME),
      STAFF_ROOM_NAME,
      now,
      this.keys.unit(''),
      STAFF_ROOM_ID,
    );
  }

  /** Drops the cached settings when another instance (or this one) changed them. */
  async listen(subscriber: Redis): Promise<void> {
    await subscriber.subscribe(this.keys.orgChanged);
    subscriber.on('message', (channel: string) => {
      if (channel === this.keys.orgChanged) this.forget();
    });
  }

  private forget(): void {
    this.cached = null;
    this.generation++;
  }

  private orgHash(): Promise<Record<string, string>> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const hash = this.redis.hgetall(this.keys.org);
      this.cached = { at: now, hash };
      this.generation++;
      hash.catch(() => {
        if (this.cached?.hash === hash) this.cached = null;
      });
    }
    return this.cached.hash;
  }

  private async changed(): Promise<void> {
    this.forget();
    await this.redis.publish(this.keys.orgChanged, '1');
  }

  async settings(): Promise<OrgSettings> {
    const h = await this.orgHash();
    return {
      name: h.name ?? null,
      timeZone: h.timeZone ?? this.defaults.timeZone,
      unitWord: (h.unitWord as UnitWord | undefined) ?? 'класс',
      setupAt: h.setupAt ? Number(h.setupAt) : null,
      finalGrade: Number(h.finalGrade ?? 11) || 11,
      selfConsentGrade: parseSelfConsentGrade(h.selfConsentGrade),
    };
  }

  /** The organisation's working hours as stored (JSON), or null for the configured defaults. */
  async hours(): Promise<unknown | null> {
    const raw = (await this.orgHash()).hours;
    try {
      return raw ? (JSON.parse(raw) as unknown) : null;
    } catch {
      return null;
    }
  }

  async saveHours(hours: unknown): Promise<void> {
    await this.redis.hset(this.keys.org, 'hours', JSON.stringify(hours));
    await this.changed();
  }

  /** The organisation's public phone numbers (reception, duty phone): digits only. */
  async publicNumbers(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.publicNumbers)).sort();
  }

  async addPublicNumber(digits: string): Promise<boolean> {
    return (await this.redis.sadd(this.keys.publicNumbers, digits)) === 1;
  }

  async removePublicNumber(digits: string): Promise<boolean> {
    return (await this.redis.srem(this.keys.publicNumbers, digits)) === 1;
  }

  async saveSettings(
    s: { name: string; timeZone: string; unitWord: UnitWord; finalGrade?: number; selfConsentGrade?: number },
    now = Date.now(),
  ): Promise<void> {
    await this.redis.hset(this.keys.org, {
      name: s.name,
      timeZone: s.timeZone,
      unitWord: s.unitWord,
      setupAt: String(now),
      ...(s.finalGrade ? { finalGrade: String(s.finalGrade) } : {}),
      ...(s.selfConsentGrade ? { selfConsentGrade: String(s.selfConsentGrade) } : {}),
    });
    await this.changed();
  }

  async createUnit(name: string, now = Date.now()): Promise<{ created: boolean; unitId: string }> {
    const [created, unitId] = await this.redis.orgCreateUnit(
      this.keys.unitByName,
      this.keys.units,
      this.keys.unitSeq,
      normaliseUnitName(name),
      name,
      now,
      this.keys.unit(''),
      '',
    );
    return { created: created === 1, unitId };
  }

  async unit(unitId: string): Promise<Unit | null> {
    const h = await this.redis.hgetall(this.keys.unit(unitId));
    if (!h.id) return null;
    return { id: h.id, name: h.name ?? h.id, archived: h.archived === '1', createdAt: Number(h.createdAt ?? 0), staffRoom: h.id === STAFF_ROOM_ID };
  }

  /** Names of the given units (archived ones too), one round trip; an id with no unit is left out. */
  async unitNames(unitIds: readonly string[]): Promise<Map<string, string>> {
    if (unitIds.length === 0) return new Map();
    const pipe = this.redis.pipeline();
    for (const id of unitIds) pipe.hget(this.keys.unit(id), 'name');
    const names = ((await pipe.exec()) ?? []).map(([, n]) => n as string | null);
    return new Map(unitIds.flatMap((id, i) => (names[i] ? [[id, names[i]!] as const] : [])));
  }

  /** A live unit by name, matched case-insensitively with look-alike letters folded. */
  async findUnit(name: string): Promise<Unit | null> {
    const id = await this.redis.hget(this.keys.unitByName, normaliseUnitName(name));
    return id ? this.unit(id) : null;
  }

  async listUnits(includeArchived = false): Promise<Unit[]> {
    const ids = await this.redis.smembers(this.keys.units);
    // One round trip and one collator: a school with 1,500 classes lists them in a few ms.
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.keys.unit(id));
    const rows = ((await pipe.exec()) ?? []).map(([, h]) => h as Record<string, string>);
    const units = rows
      .filter((h) => h?.id)
      .map((h) => ({ id: h.id!, name: h.name ?? h.id!, archived: h.archived === '1', createdAt: Number(h.createdAt ?? 0), staffRoom: h.id === STAFF_ROOM_ID }));
    return units.filter((u) => includeArchived || !u.archived).sort((a, b) => Number(b.staffRoom) - Number(a.staffRoom) || UNIT_ORDER.compare(a.name, b.name));
  }

  async renameUnit(unit: Unit, newName: string): Promise<'ok' | 'taken' | 'missing'> {
    return (await this.redis.orgRenameUnit(
      this.keys.unitByName,
      this.keys.unit(unit.id),
      normaliseUnitName(unit.name),
      normaliseUnitName(newName),
      newName,
      unit.id,
    )) as 'ok' | 'taken' | 'missing';
  }

  async archiveUnit(unit: Unit): Promise<'ok' | 'missing'> {
    return (await this.redis.orgArchiveUnit(this.keys.unitByName, this.keys.unit(unit.id), normaliseUnitName(unit.name), unit.id)) as 'ok' | 'missing';
  }

  /** Brings an archived unit back under its name; 'taken' when a live unit has the name now. */
  async restoreUnit(unit: Unit): Promise<'ok' | 'taken'> {
    if (!(await this.redis.hsetnx(this.keys.unitByName, normaliseUnitName(unit.name), unit.id))) return 'taken';
    await this.redis.hset(this.keys.unit(unit.id), 'archived', '0');
    return 'ok';
  }

  /** Every unit id, archived ones included. */
  unitIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.units);
  }

  /** The curators of every unit (one SUNION); `unitIds` when the caller has read them already. */
  async allCurators(unitIds?: string[]): Promise<number[]> {
    const ids = unitIds ?? (await this.unitIds());
    if (ids.length === 0) return [];
    return (await this.redis.sunion(...ids.map((id) => this.keys.unitCurators(id)))).map(Number);
  }

  curators(unitId: string): Promise<number[]> {
    return this.redis.smembers(this.keys.unitCurators(unitId)).then((ids) => ids.map(Number));
  }

  async curatedUnits(userId: number): Promise<string[]> {
    return this.redis.smembers(this.keys.personCurates(userId));
  }

  /** Adds a curator to a unit (a unit may have several, e.g. a substitute). */
  async addCurator(unitId: string, userId: number): Promise<boolean> {
    const [[, added]] = (await this.redis
      .multi()
      .sadd(this.keys.unitCurators(unitId), String(userId))
      .sadd(this.keys.personCurates(userId), unitId)
      .exec()) as [[Error | null, number], [Error | null, number]];
    return added === 1;
  }

  async removeCurator(unitId: string, userId: number): Promise<void> {
    await this.redis.multi().srem(this.keys.unitCurators(unitId), String(userId)).srem(this.keys.personCurates(userId), unitId).exec();
  }
}
