// messages.* of secret chats (getDhConfig, request/accept/discardEncryption, sendEncrypted*,
// receivedQueue, readEncryptedHistory, setEncryptedTyping), and the auth key's qts queue in
// updates.getState / getDifference: it wraps the updates handlers it is given (register it
// after them), adding the calling key's qts, encrypted events and updateEncryption news.
import { Api } from 'telegram';
import type { World } from '../world';
import type { CallContext, RpcHandler } from '../types';
import { resolveUser } from '../world/inputs';
import { secretChatsOf } from '../world/secret-chats';
import { stateOf } from '../world/difference';
import { me, type Handlers } from './common';

export function encryptedHandlers(world: World, updates: Handlers): Handlers {
	const relay = secretChatsOf(world);
	const key = (ctx: CallContext) => ({ userId: me(world, ctx), authKeyId: ctx.authKeyId });

	const getState = updates['updates.GetState'];
	const getDifference = updates['updates.GetDifference'];

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

	return {
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
