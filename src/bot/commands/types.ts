import type { UpdateContext } from '../context.js';

export interface Command {
  /** Without the slash, lower case. */
  name: string;
  /** Russian, for the MAX command menu and /help. */
  description: string;
  /** Where the command may be used. */
  where: 'dialog' | 'chat' | 'any';
  /** Listed in the MAX command menu (setMyCommands). */
  inMenu: boolean;
  run(ctx: UpdateContext, args: string): Promise<void>;
}

/** "/name@bot args" → parts; null when the text is not a command. */
export function parseCommand(text: string): { name: string; botName: string | null; args: string } | null {
  const m = /^\/([A-Za-z][A-Za-z0-9_]{0,31})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), botName: m[2] ?? null, args: (m[3] ?? '').trim() };
}
