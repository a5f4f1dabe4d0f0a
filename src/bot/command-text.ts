// What a command looks like in a message's text: one reading for the router, the inbox's quiet
// mark and the crash scopes.

/** "/name@bot args" → parts; null when the text is not a command. */
export function parseCommand(text: string): { name: string; botName: string | null; args: string } | null {
  const m = /^\/([A-Za-z][A-Za-z0-9_]{0,31})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), botName: m[2] ?? null, args: (m[3] ?? '').trim() };
}
