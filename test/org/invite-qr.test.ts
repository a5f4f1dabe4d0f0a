// A QR code for an invite in the chat: the button under a new invite sends its QR code as an
// image uploaded through the SDK; it encodes the invite link.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { linkCode } from './support.js';

describe('an invite’s QR code in the chat', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('«QR-код для печати» sends a PNG of the invite link', async () => {
    world = await createWorld();
    await setupSchool(world);
    const [created] = await say(world, ADMIN, '/invite родитель 5А');
    const code = linkCode(created!.text);
    expect(created!.buttons.flat().map((b) => b.text)).toEqual(['QR-код для печати']);
    await press(world, ADMIN, created!, 'QR-код для печати');
    const qr = await eventually(async () => {
      const m = (await world.control.botMessagesTo(ADMIN)).find((x) => x.text?.startsWith('QR-код приглашения'));
      expect(m?.attachmentTypes).toEqual(['image']);
      return m!;
    });
    expect(qr.text).toContain(`?start=${code}`);
    const upload = (await world.control.uploads()).find((u) => u.token === qr.attachmentTokens![0])!;
    const { data } = await world.control.uploadData(upload.id);
    expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });
});
