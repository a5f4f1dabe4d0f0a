// The sub-words of commands, one table per command: Russian words are what /help shows and
// what people are told to type; the English words of earlier versions stay as aliases. The
// router turns every accepted word into its canonical (English) form before the command
// parses its arguments, so each command understands one vocabulary.
//
// A table lists, per canonical word, the words accepted for it — the first one is shown.

type Words = Readonly<Record<string, readonly [string, ...string[]]>>;

export interface CommandWords {
  /** The first word of the arguments: «/unit добавить 5А». */
  sub?: Words;
  /** The second word of the arguments: «/policy мат удалять». */
  second?: Words;
  /** `key=value` options anywhere in the arguments: «/invite родитель 5А раз=30». */
  options?: Words;
  /** A last word: «/members 5А таблица». */
  tail?: Words;
}

export const COMMAND_WORDS: Readonly<Record<string, CommandWords>> = {
  unit: {
    sub: {
      add: ['добавить', 'add'],
      rename: ['переименовать', 'rename'],
      archive: ['архив', 'archive', 'архивировать'],
      restore: ['вернуть', 'restore', 'восстановить'],
    },
  },
  admin: { sub: { add: ['назначить', 'add', 'добавить'], remove: ['снять', 'remove', 'убрать'] } },
  curator: { sub: { remove: ['снять', 'remove'] } },
  hours: { sub: { days: ['дни', 'days'], off: ['выходной', 'off'], on: ['рабочий', 'on'] } },
  numbers: { sub: { add: ['добавить', 'add'], remove: ['убрать', 'remove', 'удалить'] } },
  feedback: { sub: { list: ['список', 'list'] } },
  revoke: { sub: { unused: ['неиспользованные', 'unused'] } },
  invite: { options: { uses: ['раз', 'uses'], days: ['дней', 'days'] } },
  stats: { sub: { off: ['выкл', 'off'], on: ['вкл', 'on'] } },
  policy: {
    sub: {
      hours: ['часы', 'hours'],
      autoremove: ['автоудаление', 'autoremove'],
      strangers: ['посторонние', 'strangers'],
      profanity: ['мат', 'profanity', 'брань'],
      insult: ['оскорбления', 'insult', 'insults', 'грубость'],
      messengers: ['мессенджеры', 'messengers', 'messenger', 'links', 'ссылки'],
      personal: ['данные', 'personal', 'pd', 'пд'],
    },
    second: {
      delete: ['удалять', 'delete', 'remove'],
      warn: ['предупреждать', 'warn'],
      report: ['сообщать', 'report'],
      remind: ['напоминать', 'remind'],
      hold: ['придерживать', 'hold'],
      on: ['вкл', 'on', 'да'],
      off: ['выкл', 'off', 'нет'],
    },
  },
  members: { tail: { xlsx: ['таблица', 'xlsx', 'excel', 'эксель'] } },
  audit: { tail: { xlsx: ['таблица', 'xlsx', 'excel', 'эксель'] } },
};

/** The word /help shows for a canonical sub-word of a command. */
export function shownWord(command: string, canonical: string): string {
  const t = COMMAND_WORDS[command];
  return t?.sub?.[canonical]?.[0] ?? t?.second?.[canonical]?.[0] ?? t?.options?.[canonical]?.[0] ?? t?.tail?.[canonical]?.[0] ?? canonical;
}

function lookup(words: Words | undefined, word: string): string | null {
  if (!words) return null;
  const w = word.toLowerCase().replace(/ё/g, 'е');
  for (const [canonical, accepted] of Object.entries(words)) if (accepted.some((a) => a.replace(/ё/g, 'е') === w)) return canonical;
  return null;
}

/** The arguments with every accepted word of the command in its canonical form; the rest as typed. */
export function canonicalArgs(command: string, args: string): string {
  const t = COMMAND_WORDS[command];
  if (!t || !args.trim()) return args;
  let out = args.trim();
  if (t.sub) {
    const m = /^(\S+)([\s\S]*)$/.exec(out);
    const c = m ? lookup(t.sub, m[1]!) : null;
    if (c) out = c + m![2]!;
  }
  if (t.second) {
    const m = /^(\S+\s+)(\S+)([\s\S]*)$/.exec(out);
    const c = m ? lookup(t.second, m[2]!) : null;
    if (c) out = m![1]! + c + m![3]!;
  }
  if (t.options)
    out = out.replace(/(^|\s)([\p{L}]+)(\s*=)/gu, (whole, pre: string, key: string, eq: string) => {
      const c = lookup(t.options, key);
      return c ? `${pre}${c}${eq}` : whole;
    });
  if (t.tail) {
    const m = /^([\s\S]*\s|)(\S+)$/.exec(out);
    const c = m ? lookup(t.tail, m[2]!) : null;
    if (c) out = m![1]! + c;
  }
  return out;
}
