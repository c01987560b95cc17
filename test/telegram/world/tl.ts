// Renders world records as GramJS TL objects, as a given viewer sees them.
import { Api } from 'telegram';
import bigInt from 'big-integer';
import type { World } from './world';
import type { ActionRecord, ChatRecord, DocumentRecord, MediaRecord, MessageRecord, PhotoRecord, PhotoSizeRecord, UserRecord } from './records';
import { peerTl } from './peers';
import { reactionsTl } from './reactions';
import { pollMediaTl } from './polls';
import { long } from './util';

export function statusTl(user: UserRecord): Api.TypeUserStatus {
	return user.online
		? new Api.UserStatusOnline({ expires: user.statusDate })
		: new Api.UserStatusOffline({ wasOnline: user.statusDate });
}

export function userTl(w: World, viewerId: number, userId: number): Api.TypeUser {
	const user = w.db.users.get(userId);
	if (!user) return new Api.UserEmpty({ id: long(userId) });
	const self = viewerId === userId;
	const contact = w.db.accounts.get(viewerId)?.contacts.get(userId);
	const mutual = !!contact && !!w.db.accounts.get(userId)?.contacts.has(viewerId);
	const firstName = contact?.firstName ?? user.firstName;
	const lastName = contact?.firstName !== undefined ? contact.lastName : user.lastName;
	const photo = user.photoId !== undefined ? w.db.files.photos.get(user.photoId) : undefined;
	return new Api.User({
		id: long(user.id),
		self: self || undefined,
		contact: contact ? true : undefined,
		mutualContact: mutual || undefined,
		accessHash: user.accessHash,
		firstName,
		lastName: lastName || undefined,
		username: user.username,
		phone: self || contact ? user.phone : undefined,
		photo: photo
			? new Api.UserProfilePhoto({ photoId: long(photo.id), strippedThumb: photo.stripped, dcId: photo.dcId })
			: undefined,
		status: statusTl(user),
		bot: user.bot || undefined,
		botInfoVersion: user.bot ? 1 : undefined,
	});
}

function chatPhotoTl(w: World, photoId: number | undefined): Api.TypeChatPhoto {
	const photo = photoId !== undefined ? w.db.files.photos.get(photoId) : undefined;
	if (!photo) return new Api.ChatPhotoEmpty();
	return new Api.ChatPhoto({ photoId: long(photo.id), strippedThumb: photo.stripped, dcId: photo.dcId });
}

export function chatTl(w: World, viewerId: number, chatId: number): Api.TypeChat {
	const chat = w.db.chats.get(chatId);
	if (!chat) return new Api.ChatEmpty({ id: long(chatId) });
	if (chat.kicked.has(viewerId)) return new Api.ChatForbidden({ id: long(chat.id), title: chat.title });
	const member = chat.participants.get(viewerId);
	return new Api.Chat({
		id: long(chat.id),
		creator: chat.creatorId === viewerId || undefined,
		left: !member || undefined,
		title: chat.title,
		photo: chatPhotoTl(w, chat.photoId),
		participantsCount: chat.participants.size,
		date: chat.date,
		version: chat.version,
		adminRights: member?.admin || chat.creatorId === viewerId ? fullAdminRights() : undefined,
	});
}

export function fullAdminRights(): Api.ChatAdminRights {
	return new Api.ChatAdminRights({
		changeInfo: true,
		postMessages: true,
		editMessages: true,
		deleteMessages: true,
		banUsers: true,
		inviteUsers: true,
		pinMessages: true,
		addAdmins: true,
		manageCall: true,
		other: true,
	});
}

/** An admin's rights: the ones given (channels.editAdmin), else all (creators, older admins). */
function memberRightsTl(rights: string[] | undefined): Api.ChatAdminRights {
	if (!rights) return fullAdminRights();
	return new Api.ChatAdminRights(Object.fromEntries(rights.map((right) => [right, true])));
}

export function channelTl(w: World, viewerId: number, channelId: number): Api.TypeChat {
	const channel = w.db.channels.get(channelId);
	if (!channel) return new Api.ChatEmpty({ id: long(channelId) });
	if (channel.kicked.has(viewerId)) {
		return new Api.ChannelForbidden({
			id: long(channel.id),
			accessHash: channel.accessHash,
			title: channel.title,
			megagroup: channel.megagroup || undefined,
			broadcast: !channel.megagroup || undefined,
		});
	}
	const member = channel.members.get(viewerId);
	const creator = channel.creatorId === viewerId && !!member;
	return new Api.Channel({
		id: long(channel.id),
		creator: creator || undefined,
		left: !member || undefined,
		broadcast: !channel.megagroup || undefined,
		megagroup: channel.megagroup || undefined,
		accessHash: channel.accessHash,
		title: channel.title,
		username: channel.username,
		photo: chatPhotoTl(w, channel.photoId),
		date: member?.date ?? channel.date,
		adminRights: creator || member?.admin ? memberRightsTl(member?.rights) : undefined,
		participantsCount: channel.members.size,
	});
}

export function chatParticipantsTl(chat: ChatRecord): Api.ChatParticipants {
	const participants: Api.TypeChatParticipant[] = [];
	for (const member of chat.participants.values()) {
		const userId = long(member.userId);
		if (member.userId === chat.creatorId) participants.push(new Api.ChatParticipantCreator({ userId }));
		else if (member.admin) {
			participants.push(new Api.ChatParticipantAdmin({ userId, inviterId: long(member.inviterId), date: member.date }));
		} else participants.push(new Api.ChatParticipant({ userId, inviterId: long(member.inviterId), date: member.date }));
	}
	return new Api.ChatParticipants({ chatId: long(chat.id), participants, version: chat.version });
}

function sizeTl(size: PhotoSizeRecord): Api.TypePhotoSize {
	return new Api.PhotoSize({ type: size.type, w: size.w, h: size.h, size: size.bytes.length });
}

export function photoTl(photo: PhotoRecord | undefined): Api.TypePhoto {
	if (!photo) return new Api.PhotoEmpty({ id: long(0) });
	return new Api.Photo({
		id: long(photo.id),
		accessHash: photo.accessHash,
		fileReference: photo.fileReference,
		date: photo.date,
		sizes: [new Api.PhotoStrippedSize({ type: 'i', bytes: photo.stripped }), ...photo.sizes.map(sizeTl)],
		dcId: photo.dcId,
	});
}

export function documentTl(document: DocumentRecord): Api.Document {
	return new Api.Document({
		id: long(document.id),
		accessHash: document.accessHash,
		fileReference: document.fileReference,
		date: document.date,
		mimeType: document.mimeType,
		size: long(document.bytes.length),
		thumbs: document.thumbs.length ? document.thumbs.map(sizeTl) : undefined,
		dcId: document.dcId,
		attributes: document.attributes,
	});
}

export function mediaTl(w: World, media: MediaRecord): Api.TypeMessageMedia {
	switch (media.kind) {
		case 'photo':
			return new Api.MessageMediaPhoto({ photo: photoTl(w.db.files.photos.get(media.photoId)) });
		case 'document': {
			const document = w.db.files.documents.get(media.documentId);
			if (!document) return new Api.MessageMediaDocument({});
			const video = document.attributes.find((a): a is Api.DocumentAttributeVideo => a.className === 'DocumentAttributeVideo');
			const audio = document.attributes.find((a): a is Api.DocumentAttributeAudio => a.className === 'DocumentAttributeAudio');
			return new Api.MessageMediaDocument({
				document: documentTl(document),
				video: (video && !video.roundMessage) || undefined,
				round: video?.roundMessage || undefined,
				voice: audio?.voice || undefined,
			});
		}
		case 'geo':
			return new Api.MessageMediaGeo({ geo: new Api.GeoPoint({ lat: media.lat, long: media.long, accessHash: long(0) }) });
		case 'contact':
			return new Api.MessageMediaContact({
				phoneNumber: media.phone,
				firstName: media.firstName,
				lastName: media.lastName,
				vcard: media.vcard,
				userId: long(media.userId),
			});
		case 'poll':
			return pollMediaTl(media.poll);
	}
}

function actionTl(w: World, action: ActionRecord): Api.TypeMessageAction {
	switch (action.kind) {
		case 'chatCreate':
			return new Api.MessageActionChatCreate({ title: action.title, users: action.userIds.map((id) => long(id)) });
		case 'channelCreate':
			return new Api.MessageActionChannelCreate({ title: action.title });
		case 'addUser':
			return new Api.MessageActionChatAddUser({ users: action.userIds.map((id) => long(id)) });
		case 'deleteUser':
			return new Api.MessageActionChatDeleteUser({ userId: long(action.userId) });
		case 'editTitle':
			return new Api.MessageActionChatEditTitle({ title: action.title });
		case 'editPhoto':
			return new Api.MessageActionChatEditPhoto({ photo: photoTl(w.db.files.photos.get(action.photoId)) });
		case 'deletePhoto':
			return new Api.MessageActionChatDeletePhoto();
		case 'joinedByLink':
			return new Api.MessageActionChatJoinedByLink({ inviterId: long(action.inviterId) });
		case 'pinMessage':
			return new Api.MessageActionPinMessage();
	}
}

export function replyHeaderTl(message: MessageRecord): Api.MessageReplyHeader | undefined {
	return message.replyToId ? new Api.MessageReplyHeader({ replyToMsgId: message.replyToId }) : undefined;
}

export function fwdHeaderTl(message: MessageRecord): Api.MessageFwdHeader | undefined {
	const fwd = message.fwd;
	if (!fwd) return undefined;
	return new Api.MessageFwdHeader({ fromId: fwd.from ? peerTl(fwd.from) : undefined, date: fwd.date, channelPost: fwd.channelPost });
}

export function messageTl(w: World, viewerId: number, message: MessageRecord): Api.TypeMessage {
	const broadcast = message.inChannel && !w.db.channels.get(message.ownerId)?.megagroup;
	const out = message.inChannel ? message.fromId === viewerId : message.out;
	const fromId = message.fromId !== undefined && !broadcast ? peerTl({ userId: message.fromId }) : undefined;
	const replyTo = replyHeaderTl(message);
	if (message.action) {
		return new Api.MessageService({
			out: out || undefined,
			post: broadcast || undefined,
			id: message.id,
			fromId,
			peerId: peerTl(message.peer),
			replyTo,
			date: message.date,
			action: actionTl(w, message.action),
		});
	}
	return new Api.Message({
		out: out || undefined,
		silent: message.silent || undefined,
		post: broadcast || undefined,
		id: message.id,
		fromId,
		peerId: peerTl(message.peer),
		fwdFrom: fwdHeaderTl(message),
		replyTo,
		date: message.date,
		message: message.text,
		media: message.media ? mediaTl(w, message.media) : undefined,
		entities: message.entities,
		pinned: message.pinned || undefined,
		reactions: reactionsTl(viewerId, message),
		views: broadcast ? 1 : undefined,
		forwards: broadcast ? 0 : undefined,
		editDate: message.editDate,
		groupedId: message.groupedId ? bigInt(message.groupedId) : undefined,
	});
}
