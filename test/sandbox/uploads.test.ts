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
    expect(uploads.map((u) => [u.type, u.size])).toEqual([
      ['image', png.length],
      ['file', 12],
    ]);
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

  it('a photo or file a user sent can be sent again by its token; a token MAX never gave is refused', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 8, first_name: 'Пётр' });
    await control.createUser({ user_id: 9, first_name: 'Анна' });
    const photo = await control.sendAttachment(8, { type: 'image', text: 'Смотрите' });
    const file = await control.sendAttachment(8, { type: 'file', filename: 'план.docx', size: 2048 });
    const sent = await api.sendMessageToUser(9, 'Пересылаю', {
      attachments: [
        { type: 'image', payload: { token: photo.token! } },
        { type: 'file', payload: { token: file.token! } },
      ],
    });
    expect(sent.body.attachments).toEqual([
      { type: 'image', payload: expect.objectContaining({ token: photo.token }) },
      { type: 'file', payload: expect.objectContaining({ token: file.token }), filename: 'план.docx', size: 2048 },
    ]);
    const unknown = await maxError(api.sendMessageToUser(9, 'x', { attachments: [{ type: 'image', payload: { token: 'never-issued' } }] }));
    expect([unknown.status, unknown.code]).toEqual([400, 'proto.payload']);
    // A file's token is not a photo's.
    const wrongType = await maxError(api.sendMessageToUser(9, 'x', { attachments: [{ type: 'image', payload: { token: file.token! } }] }));
    expect(wrongType.status).toBe(400);
    expect((await maxError(api.sendMessageToUser(9, 'x', { attachments: [{ type: 'file', payload: {} }] }))).code).toBe('proto.payload');
  });
});
