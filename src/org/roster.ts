// Roster import (admins): /roster sends a template; a filled .xlsx or .csv sent back in the
// dialog is downloaded (size, type and row count checked), read with exceljs, checked row by
// row, previewed, and on «Применить» creates the classes and their expected pupils. Joining
// pupils and parents are matched against the list on the reviewer's card; an expected pupil
// is forgotten once verified (and with the class, when it is archived).
import { Readable } from 'node:stream';
// exceljs loads on first use, not at the process's start (about a second of start-up CPU).
import type ExcelJS from 'exceljs';

const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
import { z } from 'zod';
import type { Logger } from '../log.js';
import { matchPupil } from '../policy/names.js';
import { parseRoster, problemText, ROSTER_COLUMNS, ROSTER_MAX_ROWS, type RosterRow } from '../policy/roster.js';
import type { JoinRequest } from '../store/request-store.js';
import { RolloverStore } from '../store/rollover-store.js';
import type { RosterStore } from '../store/roster-store.js';
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { applyRoster } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { DomainEvent } from './events.js';
import type { Organisation } from './organisation.js';
import { ROSTER_TEXTS as T } from './roster-texts.js';
import { DENIALS } from './texts.js';

/** A roster of a whole school is a few hundred kilobytes at most. */
export const ROSTER_MAX_BYTES = 2 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 15_000;
const PREVIEW_ROWS = 5;

const fileAttachment = z.object({
  type: z.literal('file'),
  payload: z.object({
    url: z
      .string()
      .url()
      .max(2048)
      .refine((u) => /^https?:\/\//.test(u)),
  }),
  filename: z.string().max(255).nullish(),
  size: z.number().int().nonnegative().nullish(),
});

type Kind = 'xlsx' | 'csv';

/** The template an admin fills in: the four columns and one example row. */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('Список');
  ws.addRow([...ROSTER_COLUMNS]).font = { bold: true };
  ws.addRow(T.exampleRow);
  for (const [i, c] of ws.columns.entries()) c.width = [10, 22, 18, 22][i];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export class Roster {
  constructor(
    private readonly org: Organisation,
    readonly store: RosterStore,
    /** Sends the template file through the reports' delivery queue. */
    private readonly sendTemplate: (userId: number, key: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  command(): Command {
    return {
      name: 'roster',
      description: 'Загрузить списки {units:gen} (Excel или CSV)',
      where: 'dialog',
      inMenu: false,
      permission: 'roster',
      run: async (ctx) => {
        await this.store.awaitFile(ctx.actor!.userId);
        ctx.reply(T.howTo);
        await this.sendTemplate(ctx.actor!.userId, ctx.updateId);
      },
    };
  }

  /** A file in an admin's dialog after /roster: read, check, preview. False when it is not for us. */
  async onAttachments(ctx: UpdateContext, attachments: unknown[]): Promise<boolean> {
    const userId = ctx.actor?.userId;
    if (!userId || !(await this.store.awaitsFile(userId))) return false;
    if (!(await this.org.authorize(userId, 'roster')).ok) return false;
    const parsed = attachments.map((a) => fileAttachment.safeParse(a)).find((r) => r.success)?.data;
    if (!parsed) {
      ctx.reply(T.notAFile);
      return true;
    }
    const kind = kindOf(parsed.filename ?? '');
    if (!kind) {
      ctx.reply(T.wrongType);
      return true;
    }
    if ((parsed.size ?? 0) > ROSTER_MAX_BYTES) {
      ctx.reply(T.tooBig);
      return true;
    }
    let cells: Array<{ line: number; cells: string[] }>;
    try {
      const bytes = await download(parsed.payload.url);
      if (bytes === null) {
        ctx.reply(T.tooBig);
        return true;
      }
      cells = await readCells(bytes, kind);
    } catch (err) {
      this.log.warn({ userId, kind, err: (err as Error).message }, 'roster file not read');
      ctx.reply(kind === 'xlsx' ? T.unreadableXlsx : T.unreadableCsv);
      return true;
    }
    const { rows, problems } = parseRoster(cells);
    if (problems.length > 0) {
      ctx.reply(
        [T.problems, ...problems.slice(0, 10).map(problemText), ...(problems.length > 10 ? [T.moreProblems(problems.length - 10)] : []), T.fixAndResend].join(
          '\n',
        ),
      );
      return true;
    }
    const draft = { id: RolloverStore.newId(), rows };
    await this.store.saveDraft(userId, draft);
    ctx.reply(await this.preview(rows), [
      [
        { text: T.apply, payload: applyRoster.encode(draft.id, 'y') },
        { text: T.cancel, payload: applyRoster.encode(draft.id, 'n') },
      ],
    ]);
    return true;
  }

  private async preview(rows: RosterRow[]): Promise<string> {
    const byUnit = countByUnit(rows);
    const lines = [T.previewTitle(byUnit.size, rows.length)];
    for (const [unit, n] of byUnit) lines.push(T.unitLine(unit, n, (await this.org.org.findUnit(unit)) === null));
    lines.push(T.firstRows, ...rows.slice(0, PREVIEW_ROWS).map((r) => T.row(r.line, r.unit, r.fullName)), T.askApply);
    return lines.join('\n');
  }

  actions(): CallbackAction[] {
    return [
      // Apply or drop the previewed roster.
      onPress(applyRoster, async (ctx, [id, verdict], message) => {
        const userId = ctx.actor!.userId;
        const d = await this.org.authorize(userId, 'roster');
        if (!d.ok) return { notification: DENIALS[d.reason] };
        const draft = await this.store.draft(userId);
        if (!draft || draft.id !== id) return { notification: T.stale, closeKeyboard: message.text };
        await this.store.dropDraft(userId);
        if (verdict === 'n') return { closeKeyboard: `${message.text ?? ''}\n\n${T.cancelled}` };
        const done = await this.apply(userId, draft.rows);
        return { closeKeyboard: `${message.text ?? ''}\n\n${T.applied(done.units, done.created, done.pupils)}` };
      }),
    ];
  }

  /** Creates missing classes and records the expected pupils (those already verified in the class are skipped). */
  private async apply(actor: number, rows: RosterRow[]): Promise<{ units: number; created: number; pupils: number }> {
    let created = 0;
    let pupils = 0;
    const groups = new Map<string, RosterRow[]>();
    for (const r of rows) groups.set(r.unit, [...(groups.get(r.unit) ?? []), r]);
    for (const [name, group] of groups) {
      let unit = await this.org.org.findUnit(name);
      if (!unit) {
        const r = await this.org.org.createUnit(name, this.org.now());
        if (r.created) {
          created++;
          await this.org.audit.append(actor, 'unit.created', `unit:${r.unitId}`, { roster: 1 });
        }
        unit = await this.org.org.unit(r.unitId);
      }
      if (!unit || unit.staffRoom) continue;
      const verified = (await this.org.people.roster(unit.id))
        .filter((e) => e.membership.role === 'student' && e.membership.status === 'verified' && e.fullName)
        .map((e) => ({ name: e.fullName! }));
      const expected = group.map((r) => r.fullName).filter((n) => matchPupil(n, verified) === null);
      await this.store.expect(unit.id, expected);
      pupils += expected.length;
    }
    await this.org.audit.append(actor, 'roster.imported', 'org', { units: groups.size, created, pupils });
    this.log.info({ actor, units: groups.size, created, pupils }, 'roster imported');
    return { units: groups.size, created, pupils };
  }

  /** The reviewer's line about the class list: is the applicant (or the typed child) on it? */
  async cardLine(r: JoinRequest): Promise<string | null> {
    if (!r.unitId || (r.role !== 'student' && r.role !== 'parent')) return null;
    const list = (await this.store.expected(r.unitId)).map((name) => ({ name }));
    if (list.length === 0) return null;
    if (r.role === 'student') {
      const m = matchPupil(r.fullName, list);
      return m ? T.cardListed(m.name) : T.cardNotListed(r.fullName);
    }
    const typed = (r.children ?? []).flatMap((c) => ('name' in c ? [c.name] : []));
    const m = typed.map((t) => matchPupil(t, list)).find((x) => x !== null);
    return m ? T.cardChildListed(m.name) : null;
  }

  /** A verified pupil is no longer expected: their name leaves the list. */
  async onEvent(event: DomainEvent): Promise<void> {
    if (event.type !== 'person.verified' || event.role !== 'student' || !event.unitId) return;
    const name = (await this.org.people.fullNames([event.userId])).get(event.userId);
    if (!name) return;
    const m = matchPupil(
      name,
      (await this.store.expected(event.unitId)).map((n) => ({ name: n })),
    );
    if (m) await this.store.forgetExpected(event.unitId, m.name);
  }
}

function kindOf(filename: string): Kind | null {
  const m = /\.(xlsx|csv)$/i.exec(filename.trim());
  return m ? (m[1]!.toLowerCase() as Kind) : null;
}

function countByUnit(rows: RosterRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.unit, (out.get(r.unit) ?? 0) + 1);
  return out;
}

/** The file's bytes, or null when it is larger than allowed (whatever its declared size). */
async function download(url: string): Promise<Buffer | null> {
  const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`download failed: ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > ROSTER_MAX_BYTES) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > ROSTER_MAX_BYTES) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The first four columns of the first sheet as text, with the rows' numbers. */
async function readCells(bytes: Buffer, kind: Kind): Promise<Array<{ line: number; cells: string[] }>> {
  const wb = new (await loadExcel()).Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  if (kind === 'xlsx') {
    if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw new Error('not a zip');
    await wb.xlsx.load(bytes as never);
    ws = wb.worksheets[0];
  } else {
    const text = decodeCsv(bytes);
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
    ws = await wb.csv.read(Readable.from([text]), { parserOptions: { delimiter } });
  }
  if (!ws) throw new Error('no sheet');
  const out: Array<{ line: number; cells: string[] }> = [];
  // One row past the limit is enough to say the file is too long.
  const last = Math.min(ws.rowCount, ROSTER_MAX_ROWS + 2);
  for (let i = 1; i <= last; i++) {
    const row = ws.getRow(i);
    out.push({ line: i, cells: [1, 2, 3, 4].map((c) => row.getCell(c).text ?? '') });
  }
  return out;
}

/** UTF-8 (with or without BOM), or Windows-1251 as Russian Excel saves CSV. */
function decodeCsv(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  return utf8.includes('\uFFFD') ? new TextDecoder('windows-1251').decode(bytes) : utf8;
}
