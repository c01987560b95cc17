import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { fileInputProperties, openInputFile } from '../../helpers/file-input';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { jsonItems } from '../../helpers/items';
import { newMessagesOf, resultContext, serviceMessageOf } from '../../helpers/updates-result';
import { uploadFile } from '../../helpers/upload';
import { toMsg } from '../../tgl/msg';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [groupLocator(), ...fileInputProperties()];

export const chatSetPhoto: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['chatSetPhoto'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const file = await openInputFile(this, i);
		const ctx = await account.mapContext();
		const uploaded = await uploadFile(account, file);
		const photo = new Api.InputChatUploadedPhoto({ file: uploaded });
		const request =
			group.kind === 'chat'
				? new Api.messages.EditChatPhoto({ chatId: returnBigInt(group.id), photo })
				: new Api.channels.EditPhoto({ channel: inputChannelOf(group), photo });
		const result = await account.call(request);
		// tgl's msg_cb: the "changed the group photo" service message the call created.
		const message = serviceMessageOf(result, Api.MessageActionChatEditPhoto) ?? newMessagesOf(result)[0];
		if (!message) throw new NodeOperationError(this.getNode(), 'Telegram changed the photo but its answer did not contain the service message', { itemIndex: i });
		return jsonItems(toMsg(message, resultContext(ctx, result)));
	},
};
