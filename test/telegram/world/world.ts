// The loopback Telegram's state and the test-facing API (documented in index.ts).
import { Api } from 'telegram';
import { RpcError, type UpdateSink } from '../types';
import type { Account } from './account';
import { Delivery } from './delivery';
import { FileStore } from './files';
import { defaultSettings, type WorldSettings } from './settings';
import type { ChannelRecord, ChatRecord, InviteRecord, MessageRecord, PeerRef, SentMessage, UserRecord } from './records';
import * as users from './users';
import { addChatUser, createGroup, deleteChatUser, editChatTitle } from './groups';
import { createChannel, editChannelTitle, inviteToChannel, removeFromChannel, type NewChannel } from './channels';
import { post, senderUpdates, type Origin, type PostInput } from './messaging';
import { deleteMessages, type Affected } from './deletions';
import { editMessage } from './edits';
import { readChannelHistory, readHistory } from './reads';
import { dialogsOf, type DialogView } from './history';
import { stateOf, type StateRecord } from './difference';
import { exportInvite, type InviteOptions } from './invites';
import { LoginDesk } from './auth';

export interface Db {
	users: Map<number, UserRecord>;
	accounts: Map<number, Account>;
	chats: Map<number, ChatRecord>;
	channels: Map<number, ChannelRecord>;
	/** Lowercased username → its user or channel. */
	usernames: Map<string, PeerRef>;
	/** Digits-only phone → user id. */
	phones: Map<string, number>;
	invites: Map<string, InviteRecord>;
	files: FileStore;
	nextUserId: number;
	nextChatId: number;
	nextChannelId: number;
	/** Global creation order of messages. */
	order: number;
}

/** Media a test can send as "another client" (bytes are stored as if uploaded). */
export type TestMedia =
	| { photo: Buffer }
	| { document: Buffer; mimeType: string; fileName?: string; attributes?: Api.TypeDocumentAttribute[]; thumb?: Buffer };

export class World {
	readonly settings: WorldSettings;
	readonly db: Db;
	readonly delivery: Delivery;

	constructor(sink: UpdateSink, settings: Partial<WorldSettings> = {}) {
		this.settings = { ...defaultSettings, ...settings };
		this.db = {
			users: new Map(),
			accounts: new Map(),
			chats: new Map(),
			channels: new Map(),
			usernames: new Map(),
			phones: new Map(),
			invites: new Map(),
			files: new FileStore((uploader) => (uploader !== undefined && this.settings.fileDcs[uploader]) || this.settings.dcId),
			nextUserId: 100_000_001,
			nextChatId: 4_000_001,
			nextChannelId: 1_700_000_001,
			order: 1,
		};
		this.delivery = new Delivery(this, sink);
		this.logins = new LoginDesk(this);
	}

	// ── Login (world/auth.ts): codes, 2FA passwords, QR tokens, home DCs ─────

	/** Codes sent, passwords (SRP verifiers), login tokens: what the auth.* handlers use. */
	readonly logins: LoginDesk;

	/** The last login code "sent" to the phone (auth.sendCode / resendCode). */
	lastLoginCode(phone: string): string | undefined {
		return this.logins.lastCode(phone);
	}

	/** Every later code sent to the phone is `code` (undefined: random again), for scripted logins. */
	setLoginCode(phone: string, code: string | undefined): void {
		this.logins.setFixedCode(phone, code);
	}

	/** The phone's outstanding codes expire now (auth.signIn answers PHONE_CODE_EXPIRED). */
	expireLoginCode(phone: string): void {
		this.logins.expireCodes(phone);
	}

	/** Gives the account a 2FA password ('' removes it): logins then need auth.checkPassword (SRP). */
	setPassword(userId: number, password: string, hint?: string): void {
		this.logins.setPassword(userId, password, hint);
	}

	/** The account's phone scans a QR login token (raw bytes or the base64url of tg://login?token=). */
	acceptLoginToken(token: Buffer | string, userId: number): void {
		this.logins.acceptToken(token, userId);
	}

	/** The account lives on DC `dcId`: logins from another DC get PHONE_MIGRATE / loginTokenMigrateTo. */
	setHomeDc(userId: number, dcId: number): void {
		this.logins.setHomeDc(userId, dcId);
	}

	// ── People ──────────────────────────────────────────────────────────────

	addUser(input: users.NewUser): UserRecord {
		return users.addUser(this, input);
	}

	addContact(ownerId: number, contactId: number, names?: { firstName?: string; lastName?: string }): void {
		users.addContact(this, ownerId, contactId, names);
	}

	removeContact(ownerId: number, contactId: number): void {
		users.deleteContacts(this, ownerId, [contactId]);
	}

	setUserName(userId: number, firstName: string, lastName = ''): void {
		users.setUserName(this, userId, firstName, lastName);
	}

	/** '' removes the username. */
	setUsername(userId: number, username: string): void {
		users.setUsername(this, userId, username);
	}

	setStatus(userId: number, online: boolean): void {
		users.setStatus(this, userId, online);
	}

	/** When true, nobody but the user's contacts may add it to groups and channels. */
	setPrivacyRestricted(userId: number, restricted: boolean): void {
		users.userOf(this, userId).privacyRestricted = restricted;
	}

	block(ownerId: number, userId: number, blocked = true): void {
		users.setBlocked(this, ownerId, userId, blocked);
	}

	// ── Groups and channels ─────────────────────────────────────────────────

	createGroup(creatorId: number, title: string, memberIds: number[]): ChatRecord {
		return createGroup(this, { userId: creatorId }, title, memberIds).chat;
	}

	createChannel(creatorId: number, title: string, options: NewChannel): ChannelRecord {
		return createChannel(this, { userId: creatorId }, title, options).channel;
	}

	addChatMember(chatOrChannelId: number, userId: number, inviterId: number): void {
		if (this.db.chats.has(chatOrChannelId)) addChatUser(this, { userId: inviterId }, chatOrChannelId, userId);
		else inviteToChannel(this, { userId: inviterId }, chatOrChannelId, [userId]);
	}

	/** Removes a member; `actorId` defaults to the creator (the member itself means leaving). */
	removeChatMember(chatOrChannelId: number, userId: number, actorId?: number): void {
		const actor = actorId ?? this.creatorOf(chatOrChannelId);
		if (this.db.chats.has(chatOrChannelId)) deleteChatUser(this, { userId: actor }, chatOrChannelId, userId);
		else removeFromChannel(this, { userId: actor }, chatOrChannelId, userId, false);
	}

	renameChat(chatOrChannelId: number, title: string, actorId?: number): void {
		const actor = actorId ?? this.creatorOf(chatOrChannelId);
		if (this.db.chats.has(chatOrChannelId)) editChatTitle(this, { userId: actor }, chatOrChannelId, title);
		else editChannelTitle(this, { userId: actor }, chatOrChannelId, title);
	}

	/** An invite link's hash (use it with messages.importChatInvite / checkChatInvite). */
	createInvite(chatOrChannelId: number, adminId?: number, options?: InviteOptions): string {
		return exportInvite(this, { userId: adminId ?? this.creatorOf(chatOrChannelId) }, chatOrChannelId, options).hash;
	}

	private creatorOf(chatOrChannelId: number): number {
		const creator = this.db.chats.get(chatOrChannelId)?.creatorId ?? this.db.channels.get(chatOrChannelId)?.creatorId;
		if (creator === undefined) throw new RpcError(400, 'PEER_ID_INVALID');
		return creator;
	}

	// ── Messages, as another client of the sender ───────────────────────────

	sendMessage(fromUserId: number, to: PeerRef, text: string, options: { replyTo?: number; silent?: boolean } = {}): SentMessage {
		return this.postAsClient(fromUserId, to, { text, replyToId: options.replyTo, silent: options.silent });
	}

	sendMedia(fromUserId: number, to: PeerRef, media: TestMedia, caption = ''): SentMessage {
		const files = this.db.files;
		if ('photo' in media) {
			const photo = files.addPhoto(media.photo, fromUserId);
			return this.postAsClient(fromUserId, to, { text: caption, media: { kind: 'photo', photoId: photo.id } });
		}
		const attributes = [...(media.attributes ?? [])];
		if (media.fileName) attributes.push(new Api.DocumentAttributeFilename({ fileName: media.fileName }));
		const document = files.addDocument({ bytes: media.document, mimeType: media.mimeType, attributes, thumb: media.thumb, uploaderId: fromUserId });
		return this.postAsClient(fromUserId, to, { text: caption, media: { kind: 'document', documentId: document.id } });
	}

	private postAsClient(fromUserId: number, to: PeerRef, input: PostInput): SentMessage {
		const origin: Origin = { userId: fromUserId };
		const posted = post(this, origin, to, input);
		senderUpdates(this, origin, [posted]);
		return { id: posted.record.id, date: posted.record.date, boxes: posted.boxes };
	}

	/** Edits a message the user wrote (id in the user's box, or the channel's). */
	editMessage(userId: number, peer: PeerRef, id: number, text: string): void {
		editMessage(this, { userId }, peer, id, text);
	}

	deleteMessages(userId: number, ids: number[], revoke = true): Affected {
		return deleteMessages(this, { userId }, ids, revoke);
	}

	/** Marks the dialog read up to maxId (0: everything), as the user's other client would. */
	readHistory(userId: number, peer: PeerRef, maxId = 0): void {
		if ('channelId' in peer) readChannelHistory(this, { userId }, peer.channelId, maxId);
		else readHistory(this, { userId }, peer, maxId);
	}

	// ── Inspection ──────────────────────────────────────────────────────────

	/** The dialog's messages from the viewer's box (or the channel), newest first. */
	history(viewerId: number, peer: PeerRef): MessageRecord[] {
		if ('channelId' in peer) return [...(this.db.channels.get(peer.channelId)?.messages ?? [])].reverse();
		return [...(this.db.accounts.get(viewerId)?.dialog(peer)?.messages ?? [])].reverse();
	}

	user(id: number): UserRecord | undefined {
		return this.db.users.get(id);
	}

	chat(id: number): ChatRecord | undefined {
		return this.db.chats.get(id);
	}

	channel(id: number): ChannelRecord | undefined {
		return this.db.channels.get(id);
	}

	account(userId: number): Account | undefined {
		return this.db.accounts.get(userId);
	}

	contactsOf(userId: number): ReturnType<typeof users.contactsOf> {
		return users.contactsOf(this, userId);
	}

	stateOf(userId: number): StateRecord {
		return stateOf(this, userId);
	}

	dialogsOf(userId: number): DialogView[] {
		return dialogsOf(this, userId);
	}

	/** The bytes of a message's photo (largest size) or document; undefined for other media. */
	fileBytes(message: MessageRecord): Buffer | undefined {
		const media = message.media;
		if (media?.kind === 'photo') return this.db.files.photos.get(media.photoId)?.sizes.at(-1)?.bytes;
		if (media?.kind === 'document') return this.db.files.documents.get(media.documentId)?.bytes;
		return undefined;
	}
}
