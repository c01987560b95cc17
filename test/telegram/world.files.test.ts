import { Api } from 'telegram';
import bigInt from 'big-integer';
import { createHash, randomBytes } from 'crypto';
import { createHandlers } from './handlers';
import { fakeContext, invoke } from './world/fakes';
import { aliceAndBob, inputPeer, rejects } from './world/alice-and-bob';
import { png } from '../support/media-bytes';

const setup = aliceAndBob;

/** Uploads like GramJS: 512 KiB parts (small API below 10 MiB). */
async function upload(handlers: ReturnType<typeof createHandlers>, ctx: ReturnType<typeof fakeContext>, bytes: Buffer, big = false, partSize = 512 * 1024) {
	const fileId = bigInt(randomBytes(6).readUIntLE(0, 6));
	const parts = Math.ceil(bytes.length / partSize);
	for (let part = 0; part < parts; part++) {
		const chunk = bytes.subarray(part * partSize, (part + 1) * partSize);
		const request = big
			? new Api.upload.SaveBigFilePart({ fileId, filePart: part, fileTotalParts: parts, bytes: chunk })
			: new Api.upload.SaveFilePart({ fileId, filePart: part, bytes: chunk });
		expect(await invoke(handlers, ctx, request)).toBe(true);
	}
	return big
		? new Api.InputFileBig({ id: fileId, parts, name: 'file.bin' })
		: new Api.InputFile({ id: fileId, parts, name: 'file.bin', md5Checksum: '' });
}

async function download(handlers: ReturnType<typeof createHandlers>, ctx: ReturnType<typeof fakeContext>, location: Api.TypeInputFileLocation, size: number, chunk = 128 * 1024) {
	const parts: Buffer[] = [];
	let type = '';
	for (let offset = 0; offset < size; offset += chunk) {
		const file = await invoke<Api.upload.File>(handlers, ctx, new Api.upload.GetFile({ location, offset: bigInt(offset), limit: chunk }));
		parts.push(file.bytes);
		type = file.type.className;
	}
	return { bytes: Buffer.concat(parts), type };
}

describe('uploads, media and downloads', () => {
	it('sends an uploaded photo and downloads it byte-identical', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		const bytes = png(640, 480, 1_200_000);
		const file = await upload(handlers, ctx, bytes);
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMedia({
			peer: inputPeer(bob), media: new Api.InputMediaUploadedPhoto({ file }), message: 'caption', randomId: bigInt(3),
		}));
		expect(result.updates.map((u) => u.className)).toEqual(['UpdateMessageID', 'UpdateNewMessage']);
		const message = (result.updates[1] as Api.UpdateNewMessage).message as Api.Message;
		const photo = (message.media as Api.MessageMediaPhoto).photo as Api.Photo;
		const x = photo.sizes.find((s) => s.type === 'x') as Api.PhotoSize;
		expect(x).toMatchObject({ w: 640, h: 480, size: bytes.length });
		expect(photo.sizes.some((s) => s.className === 'PhotoStrippedSize')).toBe(true);
		const location = new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: 'x' });
		const got = await download(handlers, fakeContext(bob.id), location, bytes.length);
		expect(got.bytes.equals(bytes)).toBe(true);
		expect(got.type).toBe('storage.FilePng');
		expect(world.fileBytes(world.history(bob.id, { userId: alice.id })[0])!.equals(bytes)).toBe(true);
		await rejects(invoke(handlers, ctx, new Api.upload.GetFile({
			location: new Api.InputPhotoFileLocation({ id: photo.id, accessHash: bigInt(1), fileReference: Buffer.alloc(0), thumbSize: 'x' }), offset: bigInt(0), limit: 4096,
		})), 'LOCATION_INVALID');
		// Re-sending an existing photo by id and hash.
		const again = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMedia({
			peer: inputPeer(bob), media: new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference }) }), message: '', randomId: bigInt(4),
		}));
		const resent = ((again.updates[1] as Api.UpdateNewMessage).message as Api.Message).media as Api.MessageMediaPhoto;
		expect((resent.photo as Api.Photo).id.equals(photo.id)).toBe(true);
	});

	it('sends a big document with attributes and thumb', async () => {
		const { handlers, alice, bob, ctx } = setup();
		const bytes = randomBytes(1_100_000);
		const thumbBytes = png(90, 60, 200);
		const file = await upload(handlers, ctx, bytes, true, 256 * 1024);
		const thumb = await upload(handlers, ctx, thumbBytes);
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMedia({
			peer: inputPeer(bob),
			media: new Api.InputMediaUploadedDocument({
				file,
				thumb,
				mimeType: 'video/mp4',
				attributes: [
					new Api.DocumentAttributeVideo({ duration: 12.5, w: 1280, h: 720, supportsStreaming: true }),
					new Api.DocumentAttributeFilename({ fileName: 'clip.mp4' }),
				],
			}),
			message: '',
			randomId: bigInt(5),
		}));
		const media = ((result.updates[1] as Api.UpdateNewMessage).message as Api.Message).media as Api.MessageMediaDocument;
		expect(media.video).toBe(true);
		const document = media.document as Api.Document;
		expect(document).toMatchObject({ mimeType: 'video/mp4' });
		expect(document.size.toJSNumber()).toBe(bytes.length);
		expect(document.thumbs![0]).toMatchObject({ type: 'm', w: 90, h: 60 });
		const bobCtx = fakeContext(bob.id);
		const full = await download(handlers, bobCtx, new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: '' }), bytes.length);
		expect(full.bytes.equals(bytes)).toBe(true);
		const small = await download(handlers, bobCtx, new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: 'm' }), thumbBytes.length);
		expect(small.bytes.equals(thumbBytes)).toBe(true);
		expect(alice).toBeDefined();
	});

	it('audio filename attribute comes from the InputFile name; missing parts are refused', async () => {
		const { handlers, bob, ctx } = setup();
		const file = await upload(handlers, ctx, randomBytes(5000));
		const media = await invoke<Api.MessageMediaDocument>(handlers, ctx, new Api.messages.UploadMedia({
			peer: inputPeer(bob),
			media: new Api.InputMediaUploadedDocument({ file, mimeType: 'audio/mpeg', attributes: [new Api.DocumentAttributeAudio({ duration: 3, title: 'Song' })] }),
		}));
		const attributes = (media.document as Api.Document).attributes.map((a) => a.className);
		expect(attributes).toEqual(['DocumentAttributeAudio', 'DocumentAttributeFilename']);
		const broken = new Api.InputFile({ id: (file as Api.InputFile).id, parts: 3, name: 'x', md5Checksum: '' });
		await rejects(invoke(handlers, ctx, new Api.messages.UploadMedia({ peer: inputPeer(bob), media: new Api.InputMediaUploadedPhoto({ file: broken }) })), 'FILE_PART_1_MISSING');
		const unknown = new Api.InputFile({ id: bigInt(424242), parts: 1, name: 'x', md5Checksum: '' });
		await rejects(invoke(handlers, ctx, new Api.messages.UploadMedia({ peer: inputPeer(bob), media: new Api.InputMediaUploadedPhoto({ file: unknown }) })), 'FILE_PARTS_INVALID');
	});

	it('sends geo points and contacts', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		await invoke(handlers, ctx, new Api.messages.SendMedia({
			peer: inputPeer(bob), media: new Api.InputMediaGeoPoint({ geoPoint: new Api.InputGeoPoint({ lat: 52.5, long: 13.4 }) }), message: '', randomId: bigInt(1),
		}));
		await invoke(handlers, ctx, new Api.messages.SendMedia({
			peer: inputPeer(bob), media: new Api.InputMediaContact({ phoneNumber: '+222', firstName: 'Bob', lastName: '', vcard: '' }), message: '', randomId: bigInt(2),
		}));
		const [contact, geo] = world.history(bob.id, { userId: alice.id });
		expect(geo.media).toEqual({ kind: 'geo', lat: 52.5, long: 13.4 });
		expect(contact.media).toMatchObject({ kind: 'contact', userId: bob.id });
	});

	it('sets profile and chat photos, updates the profile', async () => {
		const { handlers, world, sink, alice, bob, ctx } = setup();
		world.addContact(bob.id, alice.id);
		const bytes = png(200, 200);
		const file = await upload(handlers, ctx, bytes);
		sink.clear();
		const result = await invoke<Api.photos.Photo>(handlers, ctx, new Api.photos.UploadProfilePhoto({ file }));
		const photo = result.photo as Api.Photo;
		expect((result.users[0] as Api.User).photo).toMatchObject({ className: 'UserProfilePhoto' });
		expect((sink.to(bob.id)[0] as Api.Updates).updates[0].className).toBe('UpdateUser');
		const big = await invoke<Api.upload.File>(handlers, fakeContext(bob.id), new Api.upload.GetFile({
			location: new Api.InputPeerPhotoFileLocation({ big: true, peer: new Api.InputPeerUser({ userId: bigInt(alice.id), accessHash: alice.accessHash }), photoId: photo.id }),
			offset: bigInt(0),
			limit: 1024 * 1024,
		}));
		expect(big.bytes.equals(bytes)).toBe(true);

		const group = world.createGroup(alice.id, 'Pics', [bob.id]);
		const chatPhoto = await upload(handlers, ctx, png(100, 100));
		const edited = await invoke<Api.Updates>(handlers, ctx, new Api.messages.EditChatPhoto({ chatId: bigInt(group.id), photo: new Api.InputChatUploadedPhoto({ file: chatPhoto }) }));
		expect(((edited.updates[0] as Api.UpdateNewMessage).message as Api.MessageService).action.className).toBe('MessageActionChatEditPhoto');
		expect((edited.chats[0] as Api.Chat).photo.className).toBe('ChatPhoto');

		const me = await invoke<Api.User>(handlers, ctx, new Api.account.UpdateProfile({ firstName: 'Alicia', about: 'hi' }));
		expect(me.firstName).toBe('Alicia');
		expect(world.user(alice.id)).toMatchObject({ firstName: 'Alicia', about: 'hi' });
		const pushes = sink.to(bob.id) as Api.Updates[];
		expect(pushes[pushes.length - 1].updates[0].className).toBe('UpdateUserName');
	});

	it('checks parts as Telegram does: size rules, part numbers, InputFile kind, md5 when given', async () => {
		const { handlers, bob, ctx } = setup();
		const fileId = bigInt(77);
		const save = (filePart: number, bytes: Buffer, id = fileId) => invoke(handlers, ctx, new Api.upload.SaveFilePart({ fileId: id, filePart, bytes }));
		const saveBig = (filePart: number, total: number, bytes: Buffer, id = fileId) =>
			invoke(handlers, ctx, new Api.upload.SaveBigFilePart({ fileId: id, filePart, fileTotalParts: total, bytes }));
		const send = (file: Api.TypeInputFile) =>
			invoke(handlers, ctx, new Api.messages.UploadMedia({ peer: inputPeer(bob), media: new Api.InputMediaUploadedDocument({ file, mimeType: 'x/y', attributes: [] }) }));
		await rejects(save(0, Buffer.alloc(0)), 'FILE_PART_EMPTY');
		await rejects(save(0, Buffer.alloc(512 * 1024 + 1)), 'FILE_PART_TOO_BIG');
		await rejects(save(4000, Buffer.alloc(1024)), 'FILE_PART_INVALID');
		await rejects(saveBig(0, 4001, Buffer.alloc(1024)), 'FILE_PARTS_INVALID');
		// Only the last big part may have a size other than a 1 KB multiple dividing 512 KB.
		await rejects(saveBig(0, 2, Buffer.alloc(1000), bigInt(78)), 'FILE_PART_SIZE_INVALID');
		expect(await saveBig(1, 2, Buffer.alloc(1000), bigInt(78))).toBe(true);
		// Small-file parts: checked when the file is used.
		expect(await save(0, Buffer.alloc(3000))).toBe(true);
		expect(await save(1, Buffer.alloc(10))).toBe(true);
		await rejects(send(new Api.InputFile({ id: fileId, parts: 2, name: 'a', md5Checksum: '' })), 'FILE_PART_SIZE_INVALID');
		const other = bigInt(79);
		expect(await save(0, Buffer.alloc(2048), other)).toBe(true);
		expect(await save(1, Buffer.alloc(1024), other)).toBe(true);
		expect(await save(2, Buffer.alloc(10), other)).toBe(true);
		await rejects(send(new Api.InputFile({ id: other, parts: 3, name: 'a', md5Checksum: '' })), 'FILE_PART_SIZE_CHANGED');
		// Parts saved with saveFilePart are no InputFileBig; a wrong md5 is refused, none is fine.
		const bytes = randomBytes(5000);
		const file = (await upload(handlers, ctx, bytes)) as Api.InputFile;
		await rejects(send(new Api.InputFileBig({ id: file.id, parts: 1, name: 'a' })), 'FILE_PARTS_INVALID');
		await rejects(send(new Api.InputFile({ id: file.id, parts: 1, name: 'a', md5Checksum: 'ab'.repeat(16) })), 'MD5_CHECKSUM_INVALID');
		const md5 = createHash('md5').update(bytes).digest('hex');
		expect(await send(new Api.InputFile({ id: file.id, parts: 1, name: 'a', md5Checksum: md5 }))).toBeInstanceOf(Api.MessageMediaDocument);
		expect(await send(file)).toBeInstanceOf(Api.MessageMediaDocument);
	});

	it('answers RANDOM_ID_DUPLICATE to a repeated random_id of the same sender, and sends nothing again', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		const send = (userCtx: ReturnType<typeof fakeContext>, to: Api.TypeInputPeer, randomId: number) =>
			invoke(handlers, userCtx, new Api.messages.SendMessage({ peer: to, message: 'once', randomId: bigInt(randomId) }));
		await send(ctx, inputPeer(bob), 9);
		await rejects(send(ctx, inputPeer(bob), 9), 'RANDOM_ID_DUPLICATE');
		const media = new Api.InputMediaGeoPoint({ geoPoint: new Api.InputGeoPoint({ lat: 1, long: 2 }) });
		await rejects(invoke(handlers, ctx, new Api.messages.SendMedia({ peer: inputPeer(bob), media, message: '', randomId: bigInt(9) })), 'RANDOM_ID_DUPLICATE');
		expect(world.history(bob.id, { userId: alice.id }).filter((m) => m.text === 'once')).toHaveLength(1);
		// Another sender may use the same number.
		await send(fakeContext(bob.id), inputPeer(alice), 9);
		expect(world.history(alice.id, { userId: bob.id })).toHaveLength(2);
	});
});
