// Finds people of the organisation by a part of their name (the pickers of /audit, /student, /child…).
import type { Role } from '../policy/roles.js';
import type { Organisation } from './organisation.js';

/** People whose full name contains the query (case-insensitive), among the given roles. */
export async function findPeople(org: Organisation, query: string, roles: readonly Role[]): Promise<Array<{ userId: number; fullName: string }>> {
  const q = query.toLowerCase().replace(/ё/g, 'е').trim();
  const ids = new Set<number>();
  for (const r of roles) for (const id of await org.people.holders(r)) ids.add(id);
  const names = await org.people.fullNames([...ids]);
  return [...names.entries()]
    .filter((e): e is [number, string] => e[1]?.toLowerCase().replace(/ё/g, 'е').includes(q) === true)
    .map(([userId, fullName]) => ({ userId, fullName }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru'));
}
