import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretInfo } from './secret-chat';
import { fromFullChat, fromFullUser } from '../../tgl/peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [peerLocator()];

export const info: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['info'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretInfo(account, secret);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		if (target.kind === 'user') {
			const input = target.input instanceof Api.InputPeerSelf ? new Api.InputUserSelf() : new Api.InputUser({
				userId: returnBigInt(target.id),
				accessHash: (target.input as Api.InputPeerUser).accessHash,
			});
			const full = await account.call(new Api.users.GetFullUser({ id: input }));
			return jsonItems(fromFullUser(full, ctx));
		}
		if (target.kind === 'chat') {
			const full = await account.call(new Api.messages.GetFullChat({ chatId: returnBigInt(target.id) }));
			return jsonItems(fromFullChat(full, ctx));
		}
		const channel = new Api.InputChannel({
			channelId: returnBigInt(target.id),
			accessHash: (target.input as Api.InputPeerChannel).accessHash,
		});
		const full = await account.call(new Api.channels.GetFullChannel({ channel }));
		const members = await channelMemberIds(account, channel);
		return jsonItems(fromFullChat(full, ctx, members));
	},
};

/** The first members of a channel or supergroup (broadcast channels hide them from non-admins). */
async function channelMemberIds(
	account: Parameters<TglOperation['execute']>[1],
	channel: Api.InputChannel,
): Promise<number[] | undefined> {
	try {
		const result = await account.call(
			new Api.channels.GetParticipants({
				channel,
				filter: new Api.ChannelParticipantsRecent(),
				offset: 0,
				limit: 200,
				hash: returnBigInt(0),
			}),
		);
		if (!(result instanceof Api.channels.ChannelParticipants)) return undefined;
		return result.participants.map((p) => {
			const peer = (p as { peer?: Api.TypePeer; userId?: bigInt.BigInteger }).peer;
			if (peer instanceof Api.PeerUser) return peer.userId.toJSNumber();
			return Number((p as { userId?: { toString(): string } }).userId?.toString() ?? 0);
		}).filter((id) => id > 0);
	} catch {
		return undefined;
	}
}
