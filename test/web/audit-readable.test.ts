// The panel's journal reads an entry as a person would: a rule by its Russian title, people
// by name — through the bot's real organisation and chats services.
import { afterEach, describe, expect, it } from 'vitest';
import { RULE_TITLES_RU } from '../../src/policy/chat-policy.js';
import type { AuditEntry } from '../../src/store/audit-log.js';
import { readableEntries } from '../../src/web/pages/audit-readable.js';
import type { PanelServices } from '../../src/web/services.js';
import { createWorld, type World } from '../support/harness.js';

describe('the journal in the panel', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('names the broken rule in Russian, not by its id', async () => {
    world = await createWorld();
    const services = { organisation: world.app.organisation, chats: world.app.chats } as unknown as PanelServices;
    const entry = { id: '1-0', at: Date.now(), actor: 0, action: 'conduct.violation', target: 'user:5001', details: { rule: 'profanity' } } as unknown as AuditEntry;
    const [shown] = await readableEntries(services, [entry]);
    expect(shown!.details).toBe(`правило: ${RULE_TITLES_RU.profanity}`);
  });
});
