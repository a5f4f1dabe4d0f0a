// Admins named in ADMIN_USER_IDS are made admins at start without the join dialog, so
// the bot has no name for them, and others would see «id 1». The name MAX shows is
// taken the first time such an admin does anything (writes, presses, starts the bot),
// quietly: nobody has to answer a question before the bot is usable. /me says where the
// name came from, and /name sets the full ФИО, which is what parents should see.
import { validateFullName, FULL_NAME_REASONS_RU } from '../policy/names.js';
import type { Command } from '../bot/commands/types.js';
import type { Organisation } from './organisation.js';
import { ORG_TEXTS as T } from './texts.js';

type MaxUser = { user_id: number; first_name: string; last_name?: string | null };

/** «Фамилия Имя» from MAX's first and last name, tidied like a typed ФИО when it passes as one. */
export function nameFromMax(user: MaxUser): string | null {
  const raw = [user.last_name ?? '', user.first_name]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  if (raw === '') return null;
  const checked = validateFullName(raw);
  return checked.ok ? checked.value : raw.replace(/\s+/g, ' ').slice(0, 80);
}

export class AdminNames {
  /** Config admins known to have a name (saves a Redis read per update). */
  private readonly named = new Set<number>();

  constructor(private readonly org: Organisation) {}

  /** Router hook: a configured admin without a name gets the one MAX shows. */
  seen = async (user: MaxUser): Promise<void> => {
    const id = user.user_id;
    if (this.named.has(id) || !this.org.config.ADMIN_USER_IDS.includes(id)) return;
    // A read first: after a restart the admin's first update writes nothing when they have a name.
    if ((await this.org.people.fullNames([id])).get(id) == null) {
      const name = nameFromMax(user);
      if (name === null) return;
      await this.org.people.nameFromMaxIfUnnamed(id, name);
    }
    this.named.add(id);
  };

  command(): Command {
    return {
      name: 'name',
      description: 'Указать своё ФИО',
      where: 'dialog',
      inMenu: false,
      usage: '<Фамилия Имя Отчество>',
      permission: 'name',
      run: async (ctx, args) => {
        if (args.trim() === '') return ctx.reply(T.nameUsage);
        const checked = validateFullName(args);
        if (!checked.ok) return ctx.reply(FULL_NAME_REASONS_RU[checked.reason]);
        await this.org.people.rename(ctx.actor!.userId, checked.value);
        this.named.add(ctx.actor!.userId);
        ctx.reply(T.nameSaved(checked.value));
      },
    };
  }
}
