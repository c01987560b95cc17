// messages.* of secret chats (getDhConfig, request/accept/discardEncryption, sendEncrypted*,
// receivedQueue, readEncryptedHistory, setEncryptedTyping), and the auth key's qts queue in
// updates.getState / getDifference, and encrypted file downloads in upload.getFile: it wraps
// the updates and upload handlers it is given (register it after them), adding the calling
// key's qts, encrypted events and updateEncryption news, and inputEncryptedFileLocation.
import { Api } from 'telegram';
import type { World } from '../world';
import { RpcError, type CallContext, type RpcHandler } from '../types';
import { toNumber } from '../world/util';
import { resolveUser } from '../world/inputs';
import { secretChatsOf } from '../world/secret-chats';
import { stateOf } from '../world/difference';
import { me, type Handlers } from './common';

export function encryptedHandlers(world: World, wrapped: Handlers): Handlers {
	const relay = secretChatsOf(world);
	const key = (ctx: CallContext) => ({ userId: me(world, ctx), authKeyId: ctx.authKeyId });

	const getState = wrapped['updates.GetState'];
	const getDifference = wrapped['updates.GetDifference'];
	const getFile = wrapped['upload.GetFile'];

	const state: RpcHandler = async (ctx, request) => {
		const answer = (await getState(ctx, request)) as Api.updates.State;
		const { userId, authKeyId } = key(ctx);
		answer.qts = relay.qtsOf(userId, authKeyId);
		return answer;
	};

	const difference: RpcHandler = async (ctx, request: Api.updates.GetDifference) => {
		const answer = (await getDifference(ctx, request)) as Api.updates.TypeDifference;
		const { userId, authKeyId } = key(ctx);
		const extra = relay.difference(userId, authKeyId, request.qts, request.date);
		if (answer instanceof Api.updates.DifferenceTooLong) return answer;
		if (answer instanceof Api.updates.DifferenceEmpty) {
			if (!extra.messages.length && !extra.updates.length) return answer;
			const s = stateOf(world, userId);
			return new Api.updates.Difference({
				newMessages: [],
				newEncryptedMessages: extra.messages,
				otherUpdates: extra.updates,
				chats: [],
				users: [],
				state: new Api.updates.State({ ...s, date: answer.date, seq: answer.seq, qts: extra.qts }),
			});
		}
		answer.newEncryptedMessages = extra.messages;
		answer.otherUpdates = [...extra.updates, ...answer.otherUpdates];
		if (answer instanceof Api.updates.Difference) answer.state.qts = extra.qts;
		else answer.intermediateState.qts = extra.qts;
		return answer;
	};

	const file: RpcHandler = (ctx, request: Api.upload.GetFile) => {
		if (!(request.location instanceof Api.InputEncryptedFileLocation)) return getFile(ctx, request);
		me(world, ctx);
		const offset = toNumber(request.offset);
		if (offset < 0) throw new RpcError(400, 'OFFSET_INVALID');
		if (request.limit <= 0 || request.limit > 1024 * 1024) throw new RpcError(400, 'LIMIT_INVALID');
		const bytes = relay.fileBytes(request.location);
		return new Api.upload.File({
			type: new Api.storage.FilePartial(),
			mtime: 0,
			bytes: bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + request.limit, bytes.length)),
		});
	};

	return {
		'upload.GetFile': file,
		'updates.GetState': state,
		'updates.GetDifference': difference,
		'messages.GetDhConfig': (ctx, request: Api.messages.GetDhConfig) => {
			me(world, ctx);
			return relay.getDhConfig(request.version, request.randomLength);
		},
		'messages.RequestEncryption': (ctx, request: Api.messages.RequestEncryption) => {
			const { userId, authKeyId } = key(ctx);
			const participant = resolveUser(world, userId, request.userId);
			return relay.request(userId, authKeyId, participant, request.randomId, request.gA);
		},
		'messages.AcceptEncryption': (ctx, request: Api.messages.AcceptEncryption) => {
			const { userId, authKeyId } = key(ctx);
			return relay.accept(userId, authKeyId, request.peer, request.gB, request.keyFingerprint);
		},
		'messages.DiscardEncryption': (ctx, request: Api.messages.DiscardEncryption) => {
			const { userId, authKeyId } = key(ctx);
			return relay.discard(userId, authKeyId, request.chatId, !!request.deleteHistory);
		},
		'messages.SendEncrypted': (ctx, request: Api.messages.SendEncrypted) => {
			const { userId, authKeyId } = key(ctx);
			return relay.send(userId, authKeyId, request.peer, request.randomId, request.data, false);
		},
		'messages.SendEncryptedService': (ctx, request: Api.messages.SendEncryptedService) => {
			const { userId, authKeyId } = key(ctx);
			return relay.send(userId, authKeyId, request.peer, request.randomId, request.data, true);
		},
		'messages.SendEncryptedFile': (ctx, request: Api.messages.SendEncryptedFile) => {
			const { userId, authKeyId } = key(ctx);
			return relay.send(userId, authKeyId, request.peer, request.randomId, request.data, false, request.file);
		},
		'messages.ReceivedQueue': (ctx, request: Api.messages.ReceivedQueue) => {
			const { userId, authKeyId } = key(ctx);
			return relay.receivedQueue(userId, authKeyId, request.maxQts);
		},
		'messages.ReadEncryptedHistory': (ctx, request: Api.messages.ReadEncryptedHistory) => {
			const { userId, authKeyId } = key(ctx);
			return relay.readHistory(userId, authKeyId, request.peer, request.maxDate);
		},
		'messages.SetEncryptedTyping': (ctx, request: Api.messages.SetEncryptedTyping) => {
			const { userId, authKeyId } = key(ctx);
			return relay.setTyping(userId, authKeyId, request.peer, request.typing);
		},
	};
}
