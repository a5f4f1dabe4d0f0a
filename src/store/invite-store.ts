// Invites (ссылки-приглашения): bound to a role and a unit, with an expiry and a
// use limit. Codes are 128 random bits in base64url (22 characters, far below the
// 128-character deep-link limit). Redeeming checks and counts in one Lua step, so
// 31 people racing for a 30-use link admit exactly 30.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '../policy/roles.js';
import type { Keys } from './keys.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export interface Invite {
  code: string;
  role: Role;
  unitId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: number;
  createdBy: number;
  createdAt: number;
  revokedAt: number | null;
}

export type InviteState = 'live' | 'revoked' | 'expired' | 'exhausted' | 'missing';
export type RedeemResult = 'ok' | 'already' | Exclude<InviteState, 'live'>;

/** Codes look like this; anything else is not even looked up. */
export const INVITE_CODE = /^[A-Za-z0-9_-]{22}$/;

type InviteRedis = Redis & {
  inviteCreate(invite: string, live: string, byEvent: string, ...args: Array<string | number>): Promise<string>;
  inviteRedeem(invite: string, users: string, live: string, userId: number, now: number, code: string): Promise<RedeemResult>;
  inviteRevoke(invite: string, live: string, now: number, code: string, onlyUnused: string): Promise<'ok' | 'missing' | 'revoked' | 'used'>;
};

export class InviteStore implements PersonalDataHolder {
  readonly name = 'invites';
  readonly families = {
    invite: { none: 'an invite: role, unit, limits, counters and the id of the staff member who made it' },
    inviteByEvent: { none: 'an invite code by the update that made it' },
    inviteUsers: { holds: 'ids of the people who used an invite' },
    invitesLive: { none: 'live invite codes' },
    badCodes: { holds: 'a counter of wrong codes, under a key naming the id' },
  } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    for (const key of await scanKeys(this.redis, this.keys.inviteUsers('*'))) await this.redis.srem(key, String(userId));
    await this.redis.del(this.keys.badCodes(userId));
  }

  private readonly redis: InviteRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as InviteRedis;
  }

  /**
   * Creates an invite. With `eventId` (the update that asked for it), the same update handled
   * twice gets the same invite back (created: false) instead of a second live one.
   */
  async create(
    input: { role: Role; unitId: string | null; maxUses: number; days: number; createdBy: number },
    now = Date.now(),
    eventId?: string,
  ): Promise<Invite & { created: boolean }> {
    const code = randomBytes(16).toString('base64url');
    const invite: Invite = {
      code,
      role: input.role,
      unitId: input.unitId,
      maxUses: input.maxUses,
      uses: 0,
      expiresAt: now + input.days * 24 * 3600 * 1000,
      createdBy: input.createdBy,
      createdAt: now,
      revokedAt: null,
    };
    // Kept 90 days past expiry for the audit trail and a clear "expired" answer.
    const ttl = Math.ceil((invite.expiresAt - now) / 1000) + 90 * 24 * 3600;
    const fields = {
      role: invite.role,
      unitId: invite.unitId ?? '',
      maxUses: String(invite.maxUses),
      uses: '0',
      expiresAt: String(invite.expiresAt),
      createdBy: String(invite.createdBy),
      createdAt: String(invite.createdAt),
      revokedAt: '',
    };
    const byEvent = eventId === undefined ? this.keys.invite(code) : this.keys.inviteByEvent(eventId);
    const got = await this.redis.inviteCreate(
      this.keys.invite(code),
      this.keys.invitesLive,
      byEvent,
      code,
      ttl,
      invite.expiresAt,
      ...Object.entries(fields).flat(),
    );
    if (got === code) return { ...invite, created: true };
    const existing = await this.get(got);
    return existing ? { ...existing, created: false } : { ...invite, code: got, created: false };
  }

  async get(code: string): Promise<Invite | null> {
    if (!INVITE_CODE.test(code)) return null;
    const h = await this.redis.hgetall(this.keys.invite(code));
    if (!h.role) return null;
    return {
      code,
      role: h.role as Role,
      unitId: h.unitId ? h.unitId : null,
      maxUses: Number(h.maxUses),
      uses: Number(h.uses),
      expiresAt: Number(h.expiresAt),
      createdBy: Number(h.createdBy),
      createdAt: Number(h.createdAt),
      revokedAt: h.revokedAt ? Number(h.revokedAt) : null,
    };
  }

  static stateOf(invite: Invite | null, now: number): InviteState {
    if (!invite) return 'missing';
    if (invite.revokedAt !== null) return 'revoked';
    if (invite.expiresAt <= now) return 'expired';
    if (invite.uses >= invite.maxUses) return 'exhausted';
    return 'live';
  }

  /** Counts one use by this user (a second use by the same user is not counted). */
  async redeem(code: string, userId: number, now = Date.now()): Promise<RedeemResult> {
    if (!INVITE_CODE.test(code)) return 'missing';
    return this.redis.inviteRedeem(this.keys.invite(code), this.keys.inviteUsers(code), this.keys.invitesLive, userId, now, code);
  }

  async revoke(code: string, now = Date.now(), onlyUnused = false): Promise<'ok' | 'missing' | 'revoked' | 'used'> {
    if (!INVITE_CODE.test(code)) return 'missing';
    return this.redis.inviteRevoke(this.keys.invite(code), this.keys.invitesLive, now, code, onlyUnused ? '1' : '0');
  }

  /** Live invites (not revoked, not expired, not used up), soonest expiry first. */
  async listLive(now = Date.now()): Promise<Invite[]> {
    const codes = await this.redis.zrangebyscore(this.keys.invitesLive, String(now + 1), '+inf');
    const invites = await Promise.all(codes.map((c) => this.get(c)));
    return invites.filter((i): i is Invite => i !== null && InviteStore.stateOf(i, now) === 'live');
  }

  /** Invites whose time ran out and that were not yet recorded as lapsed; removes them from the live set. */
  async takeLapsed(now = Date.now()): Promise<Invite[]> {
    const codes = await this.redis.zrangebyscore(this.keys.invitesLive, '-inf', String(now));
    const lapsed: Invite[] = [];
    for (const code of codes) {
      // ZREM is the claim: only one process records a lapse.
      if ((await this.redis.zrem(this.keys.invitesLive, code)) === 1) {
        const inv = await this.get(code);
        if (inv) lapsed.push(inv);
      }
    }
    return lapsed;
  }

  /** Counts an invalid code from a user within the hour; returns the count so far. */
  async noteBadCode(userId: number): Promise<number> {
    const key = this.keys.badCodes(userId);
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, 3600, 'NX').exec()) as [[Error | null, number], unknown];
    return count;
  }

  async badCodeCount(userId: number): Promise<number> {
    return Number((await this.redis.get(this.keys.badCodes(userId))) ?? 0);
  }
}
