// Uploads the way the SDK does them: POST /uploads, the multipart upload, the token in
// a message attachment — and the control API that gives the bytes back.
import { describe, expect, it } from 'vitest';
import { maxError, startWorld } from './support.js';

describe('uploads', () => {
  it('an image and a file uploaded with the SDK arrive in a message and can be read back', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 7, first_name: 'Ольга' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const image = await api.uploadImage({ source: png });
    const file = await api.uploadFile({ source: Buffer.from('hello, sheet') });
    await api.sendMessageToUser(7, 'Отчёт', { attachments: [image.toJson(), file.toJson()] });

    const uploads = await control.uploads();
    expect(uploads.map((u) => [u.type, u.size])).toEqual([['image', png.length], ['file', 12]]);
    const [m] = await control.botMessagesTo(7);
    expect(m!.attachmentTypes).toEqual(['image', 'file']);
    expect(m!.attachmentTokens).toEqual(uploads.map((u) => u.token));
    const back = await control.uploadData(uploads[0]!.id);
    expect(back.data.equals(png)).toBe(true);
    expect((await control.uploadData(uploads[1]!.id)).data.toString()).toBe('hello, sheet');
  });

  it('refuses an unknown upload type and needs the bot token for POST /uploads', async () => {
    const { api, sandbox } = await startWorld();
    const err = await maxError(api.raw.uploads.getUploadUrl({ type: 'pdf' as never }));
    expect(err.status).toBe(400);
    expect((await fetch(`${sandbox.url}/uploads?type=image`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${sandbox.url}/upload-target/nope`, { method: 'POST', body: 'x' })).status).toBe(404);
  });
});
