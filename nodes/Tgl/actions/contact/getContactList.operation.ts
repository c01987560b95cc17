import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { jsonItems } from '../../helpers/items';
import { returnAllOrLimit, wantedCount } from '../../helpers/paging';
import { withEntities } from '../../tgl/context';
import { toPeer } from '../../tgl/peer';
import { toNum } from '../../tgl/convert';
import type { TglOperation } from '../types';

export const getContactList: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['contact'], operation: ['getContactList'] } }, returnAllOrLimit(50)),

	async execute(i, account) {
		const max = wantedCount(this, i);
		const ctx = await account.mapContext();
		// hash 0: always the full list (contacts.contactsNotModified only answers a matching hash).
		const result = await account.call(new Api.contacts.GetContacts({ hash: returnBigInt(0) }));
		if (!(result instanceof Api.contacts.Contacts)) return [];
		const users = new Map(result.users.map((u) => [toNum(u.id), u]));
		const listCtx = withEntities(ctx, result.users, []);
		const peers = result.contacts
			.map((c) => users.get(toNum(c.userId)))
			.filter((u): u is Api.User => u instanceof Api.User)
			.slice(0, max)
			.map((u) => toPeer(u, listCtx));
		return jsonItems(peers);
	},
};
