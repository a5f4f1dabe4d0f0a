// How one membership is stored in a person's roles hash (keys.personRoles).
//
// WHY a short form: Redis keeps a small hash in its compact listpack encoding only while
// every field and value is at most `hash-max-listpack-value` (64 bytes by default); one
// longer value turns the whole hash into a full hashtable, about 2.5 times the memory.
// And a listpack's bytes are allocated in steps (48, 64, 80… bytes): a person with one
// membership fits 48 bytes only if the value is about 30 bytes. So the value keeps only what
// the field name does not already say, as text, not JSON:
//   field  "<role>|<unit id or ''>"
//   value  "<v|p><since>|<request id, pending only>|<1 if activist>|<children JSON>"
// (trailing empty parts left off). A verified membership is 14 bytes: "v1780000000000"; a
// pending one with its 12-character request id 27: "p1780000000000|AJyQPOac0nIA".
//
// Values written before this form are still read as they are: the JSON with one-letter keys
// ({"s":"verified","t":…,"r":…,"c":[…],"a":1}) and the full Membership JSON (with "role"). Both
// start with "{", which the text form never does; the next write stores the text form.
import type { Role } from '../policy/roles.js';

export type MembershipStatus = 'pending' | 'verified';

/** A parent's child: a person in the unit, or just a name when the child has not joined yet. */
export type ChildRef = { userId: number } | { name: string };

export interface Membership {
  role: Role;
  unitId: string | null;
  status: MembershipStatus;
  since: number;
  requestId?: string;
  children?: ChildRef[];
  /** Parents' and students' activists (000 2.4): set later by an admin or curator. */
  activist?: boolean;
}

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
  // Only a pending membership is matched to its request (src/org/child-links.ts); the
  // decided request keeps the link from its side, so a verified one keeps no request id.
  const parts = [
    `${m.status === 'verified' ? 'v' : 'p'}${m.since}`,
    m.status === 'verified' ? '' : (m.requestId ?? ''),
    m.activist === true ? '1' : '',
    m.children && m.children.length > 0 ? JSON.stringify(m.children) : '',
  ];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('|');
}

/** The text form (see above); null for a JSON value. Request ids never hold '|': the children's JSON, last, may. */
function decodeText(raw: string): ShortMembership | null {
  if (raw.startsWith('{')) return null;
  const bar = (from: number) => {
    const i = raw.indexOf('|', from);
    return i < 0 ? raw.length : i;
  };
  const b1 = bar(0);
  const b2 = bar(b1 + 1);
  const b3 = bar(b2 + 1);
  const v: ShortMembership = { s: raw[0] === 'v' ? 'verified' : 'pending', t: Number(raw.slice(1, b1)) };
  const requestId = raw.slice(b1 + 1, b2);
  if (requestId !== '') v.r = requestId;
  if (raw.slice(b2 + 1, b3) === '1') v.a = 1;
  const children = raw.slice(b3 + 1);
  if (children !== '') v.c = JSON.parse(children) as ChildRef[];
  return v;
}

/** A membership from its hash field and stored value, short or legacy. */
export function decodeMembership(field: string, raw: string): Membership {
  const { role, unitId } = parseMembershipField(field);
  const v = decodeText(raw) ?? (JSON.parse(raw) as ShortMembership | LegacyMembership);
  const m: Membership =
    'role' in v ? { role, unitId, status: v.status as MembershipStatus, since: v.since as number } : { role, unitId, status: v.s, since: v.t };
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
