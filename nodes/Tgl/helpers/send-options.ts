// "Schedule At" and "Silent", the options every send offers: read, checked, put on the request,
// and told back in the item (a scheduled message is not in the chat yet). "Self-Destruct Timer"
// is for secret chats only: a cloud send that sets one is refused, never sent as a lasting message.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { validTimer } from '../secret/self-destruct';

/** core.telegram.org/api/scheduled-messages: a message may be scheduled up to a year ahead. */
const SCHEDULE_MAX_AHEAD_S = 365 * 86400;

export const sendOptionProperties: INodeProperties[] = [
	{
		displayName: 'Schedule At',
		name: 'scheduleAt',
		type: 'dateTime',
		default: '',
		description:
			'Send at this date instead of now (at most 365 days ahead): the message waits in the chat\'s scheduled messages until then, and the item has "scheduled": true',
	},
	{
		displayName: 'Silent',
		name: 'silent',
		type: 'boolean',
		default: false,
		description: 'Whether the recipients get the message without a notification sound',
	},
	{
		displayName: 'Self-Destruct Timer (Seconds) — Secret Chats Only',
		name: 'selfDestructSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"Secret chats only: the message deletes itself on both sides this many seconds after the recipient got it (0: never). Without this option the chat's own timer applies. Refused in other chats.",
	},
];

/** Whether an option holds a value: an added but empty field reads as '' or null. */
export function isFilled(raw: unknown): boolean {
	return raw !== undefined && raw !== null && raw !== '';
}

/** The Self-Destruct Timer option as set on the item (undefined when the option was not added). */
export function selfDestructOption(ctx: IExecuteFunctions, i: number): number | undefined {
	const raw = (ctx.getNodeParameter('options', i, {}) as { selfDestructSeconds?: unknown }).selfDestructSeconds;
	if (!isFilled(raw)) return undefined;
	const seconds = Number(raw);
	if (!validTimer(seconds)) {
		throw new NodeOperationError(ctx.getNode(), `Self-Destruct Timer (Seconds) "${String(raw)}" is not a whole number of seconds from 0 up`, { itemIndex: i, description: `Item ${i}` });
	}
	return seconds;
}

export interface SendOptions {
	/** Unix seconds; undefined sends now. */
	scheduleDate?: number;
	/** undefined rather than false, so that the request's flag stays unset. */
	silent?: true;
}

/** The item's send options, from its Options collection; a date Telegram would refuse is an item error. */
export function readSendOptions(ctx: IExecuteFunctions, i: number, nowMs = Date.now()): SendOptions {
	const options = ctx.getNodeParameter('options', i, {}) as { scheduleAt?: unknown; silent?: boolean };
	// A user who asks for a self-destructing message must not get a lasting one instead.
	if (selfDestructOption(ctx, i)) {
		throw new NodeOperationError(ctx.getNode(), 'The option Self-Destruct Timer (Seconds) works only in secret chats: remove it (or set 0) to send into this chat', {
			itemIndex: i,
			description: `Item ${i}`,
		});
	}
	return { scheduleDate: scheduleDate(ctx, i, options.scheduleAt, nowMs), silent: options.silent ? true : undefined };
}

function scheduleDate(ctx: IExecuteFunctions, i: number, raw: unknown, nowMs: number): number | undefined {
	if (!isFilled(raw)) return undefined;
	const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'number' ? raw : Date.parse(String(raw));
	const fail = (message: string) => new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description: `Item ${i}` });
	if (!Number.isFinite(ms)) throw fail(`Schedule At "${String(raw)}" is not a date`);
	const seconds = Math.floor(ms / 1000);
	const now = Math.floor(nowMs / 1000);
	if (seconds <= now) throw fail(`Schedule At (${new Date(ms).toISOString()}) is not in the future; leave it empty to send now`);
	if (seconds > now + SCHEDULE_MAX_AHEAD_S) throw fail(`Schedule At (${new Date(ms).toISOString()}) is more than 365 days ahead; Telegram schedules at most a year ahead`);
	return seconds;
}

/** A scheduled message's item says so: it is in the scheduled list, and its date is when it will be sent. */
export function markScheduled<T extends object>(msg: T, options: SendOptions): T & IDataObject {
	const out = msg as T & IDataObject;
	if (options.scheduleDate !== undefined) (out as IDataObject).scheduled = true;
	return out;
}
