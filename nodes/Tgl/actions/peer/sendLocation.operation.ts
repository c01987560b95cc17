import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendLocation } from './secret-chat';
import { sendMedia } from '../../helpers/send-media';
import { sendOptionProperties } from '../../helpers/send-options';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
		default: 0,
		required: true,
		description: 'Latitude in decimal degrees, from -90 (south) to 90 (north)',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
		default: 0,
		required: true,
		description: 'Longitude in decimal degrees, from -180 (west) to 180 (east)',
	},
	optionsCollection(sendOptionProperties),
];

export const sendLocation: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendLocation'] } }, properties),

	async execute(i, account) {
		const lat = coordinate(this.getNodeParameter('latitude', i));
		const long = coordinate(this.getNodeParameter('longitude', i));
		const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i, description: `Item ${i}` });
		if (lat === undefined || lat < -90 || lat > 90) {
			throw fail(`Item ${i}: latitude ${String(this.getNodeParameter('latitude', i))} is out of range; it must be a number from -90 to 90`);
		}
		if (long === undefined || long < -180 || long > 180) {
			throw fail(`Item ${i}: longitude ${String(this.getNodeParameter('longitude', i))} is out of range; it must be a number from -180 to 180`);
		}
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendLocation(this, i, account, secret, lat, long);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const media = new Api.InputMediaGeoPoint({ geoPoint: new Api.InputGeoPoint({ lat, long }) });
		return sendMedia(this, i, account, target, media);
	},
};

/** Expressions may give numbers as strings ("52.52"). */
function coordinate(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
