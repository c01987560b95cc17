// The two ways a user leaves a group: removal from a basic group, or a ban in a supergroup or channel.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { inputUserOf } from '../../helpers/input-peers';
import type { TargetPeer } from '../../helpers/resolve-peer';
import type { AccountClient } from '../../transport/account-client';

/** Basic groups have no ban list: the user is only removed. */
export function removeFromBasicGroup(account: AccountClient, group: TargetPeer, user: TargetPeer) {
	return account.call(new Api.messages.DeleteChatUser({ chatId: returnBigInt(group.id), userId: inputUserOf(user) }));
}

/** Bans (no viewing messages until `untilDate`, 0 = forever) or, with `ban` off, lifts the ban. */
export function editChannelBan(
	account: AccountClient,
	channel: Api.TypeInputChannel,
	participant: Api.TypeInputPeer,
	ban: boolean,
	untilDate = 0,
) {
	const bannedRights = new Api.ChatBannedRights({ viewMessages: ban || undefined, untilDate });
	return account.call(new Api.channels.EditBanned({ channel, participant, bannedRights }));
}
