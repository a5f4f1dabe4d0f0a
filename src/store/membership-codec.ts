// How one membership is stored in a person's roles hash (keys.personRoles).
//
// WHY a short form: Redis keeps a small hash in its compact listpack encoding only while
// every field and value is at most `hash-max-listpack-value` (64 bytes by default); one
// longer value turns the whole hash into a full hashtable, about 2.5 times the memory
// (312 B against ~128 B for a typical person). A full Membership as JSON is ~100 bytes,
// so the value keeps only what the field name does not already say, under one-letter keys:
//   field  "<role>|<unit id or ''>"
//   value  {"s":"verified","t":<since>,"r":"<request id>","c":[children],"a":1}
// (`r`, `c` and `a` only when present; `a` only for an activist). A verified membership
// with a 12-character request id is 52 bytes.
//
// Values written before this form (the full Membership JSON, with "role") are still
// read as they are; the next write of that membership stores it in the short form.
import type { Role } from '../policy/roles.js';
import type { ChildRef, Membership, MembershipStatus } from './people-store.js';

/** The value as stored: one-letter keys (see above). */
interface ShortMembership {
  s: MembershipStatus;
  t: number;
  r?: string;
  c?: ChildRef[];
  a?: 1 | true;
}

/** The legacy value: the whole Membership as JSON. */
type LegacyMembership = Partial<Membership> & { role: string };

/** The hash field of a membership: "<role>|<unit id or ''>". */
export function membershipField(role: Role, unitId: string | null): string {
  return `${role}|${unitId ?? ''}`;
}

/** Role (before the first '|') and unit (after it, '' → null) of a hash field. */
export function parseMembershipField(field: string): { role: Role; unitId: string | null } {
  const bar = field.indexOf('|');
  if (bar < 0) return { role: field as Role, unitId: null };
  const unit = field.slice(bar + 1);
  return { role: field.slice(0, bar) as Role, unitId: unit === '' ? null : unit };
}

/** The stored value of a membership; role and unit go into the field name, not here. */
export function encodeMembership(m: Membership): string {
  const v: ShortMembership = { s: m.status, t: m.since };
  if (m.requestId !== undefined) v.r = m.requestId;
  if (m.children && m.children.length > 0) v.c = m.children;
  if (m.activist === true) v.a = 1;
  return JSON.stringify(v);
}

/** A membership from its hash field and stored value, short or legacy. */
export function decodeMembership(field: string, raw: string): Membership {
  const { role, unitId } = parseMembershipField(field);
  const v = JSON.parse(raw) as ShortMembership | LegacyMembership;
  const m: Membership =
    'role' in v
      ? { role, unitId, status: v.status as MembershipStatus, since: v.since as number }
      : { role, unitId, status: v.s, since: v.t };
  const requestId = 'role' in v ? v.requestId : v.r;
  const children = 'role' in v ? v.children : v.c;
  const activist = 'role' in v ? v.activist === true : v.a === 1 || v.a === true;
  if (requestId !== undefined) m.requestId = requestId;
  if (children !== undefined) m.children = children;
  if (activist) m.activist = true;
  return m;
}

/** Every membership of a roles hash as HGETALL gives it (field → value). */
export function decodeRolesHash(hash: Record<string, string>): Membership[] {
  return Object.entries(hash).map(([f, raw]) => decodeMembership(f, raw));
}
