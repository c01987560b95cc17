import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { contactProperties, readContactFields } from '../../helpers/contact-fields';
import { jsonItems } from '../../helpers/items';
import { withEntities } from '../../tgl/context';
import { toNum } from '../../tgl/convert';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

export const addContact: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['contact'], operation: ['addContact'] } }, contactProperties('person to add')),

	async execute(i, account) {
		const { phone, firstName, lastName } = readContactFields(this, i);
		const ctx = await account.mapContext();
		const clientId = generateRandomLong();
		const result = await account.call(
			new Api.contacts.ImportContacts({ contacts: [new Api.InputPhoneContact({ clientId, phone, firstName, lastName })] }),
		);
		if (result.retryContacts.some((id) => id.equals(clientId))) {
			throw new NodeOperationError(this.getNode(), `Telegram could not import +${phone} now: it asks to retry the import later`, {
				itemIndex: i,
				description: 'The number was listed in retry_contacts (Telegram limits how many contacts an account imports)',
			});
		}
		const imported = result.imported.filter((c) => c.clientId.equals(clientId)).map((c) => toNum(c.userId));
		if (!imported.length) {
			throw new NodeOperationError(this.getNode(), `The phone number +${phone} is not on Telegram: no contact was added`, {
				itemIndex: i,
				description: 'contacts.importContacts imported no user for this number',
			});
		}
		const listCtx = withEntities(ctx, result.users, []);
		const users = result.users.filter((u): u is Api.User => u instanceof Api.User && imported.includes(toNum(u.id)));
		return jsonItems(users.map((u) => toPeer(u, listCtx)));
	},
};
