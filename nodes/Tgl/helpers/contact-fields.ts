// The phone and names that Add Contact and Rename Contact share.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { LIMITS, withinLimit } from './telegram-limits';

export interface ContactFields {
	/** Digits only, as Telegram stores phone numbers. */
	phone: string;
	firstName: string;
	lastName: string;
}

export function contactProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. +15551234567',
			description: `Phone number of the ${what}, in international format (tgl: phone)`,
		},
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			default: '',
			required: true,
			description: 'First name to save the contact under, 1–64 characters (tgl: first_name)',
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
			description: 'Last name to save the contact under, at most 64 characters; may be empty (tgl: last_name)',
		},
	];
}

export function readContactFields(ctx: IExecuteFunctions, i: number): ContactFields {
	const raw = String(ctx.getNodeParameter('phone', i) ?? '').trim();
	const phone = raw.replace(/[\s().-]/g, '').replace(/^\+/, '');
	if (!/^\d{5,15}$/.test(phone)) {
		throw new NodeOperationError(ctx.getNode(), `"${raw}" is not a phone number: use digits in international format, e.g. +15551234567`, {
			itemIndex: i,
		});
	}
	const firstName = String(ctx.getNodeParameter('firstName', i) ?? '').trim();
	if (!firstName) throw new NodeOperationError(ctx.getNode(), 'The first name is empty: Telegram needs one for a contact', { itemIndex: i });
	const lastName = String(ctx.getNodeParameter('lastName', i, '') ?? '').trim();
	withinLimit(ctx.getNode(), i, LIMITS.firstName, firstName);
	withinLimit(ctx.getNode(), i, LIMITS.lastName, lastName);
	return { phone, firstName, lastName };
}
