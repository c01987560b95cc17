import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { contactProperties, readContactFields } from '../../helpers/contact-fields';
import { inputUserOf } from '../../helpers/input-peers';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { resultContext, usersAndChatsOf } from '../../helpers/updates-result';
import { toNum } from '../../tgl/convert';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

export const renameContact: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['contact'], operation: ['renameContact'] } }, contactProperties('contact to rename')),

	async execute(i, account) {
		const { phone, firstName, lastName } = readContactFields(this, i);
		// tgl re-imported the number with replace=true; today the user found by phone is re-saved.
		const user = await resolvePeer(account, `+${phone}`, ['user']);
		const ctx = await account.mapContext();
		const result = await account.call(
			new Api.contacts.AddContact({ id: inputUserOf(user), firstName, lastName, phone }),
		);
		const saved = usersAndChatsOf(result).users.find((u): u is Api.User => u instanceof Api.User && toNum(u.id) === user.id);
		const entity = saved ?? account.entities.get(user.key);
		if (!(entity instanceof Api.User)) throw new NodeOperationError(this.getNode(), 'Telegram saved the contact but its answer did not contain the user', { itemIndex: i });
		return jsonItems(toPeer(entity, resultContext(ctx, result)));
	},
};
