// Call Telegram Method's parameters (JSON) as a GramJS request, checked against the schema:
// each value must have its parameter's type; objects name their constructor in "_"
// ({"_": "channelParticipantsRecent"}); peers (InputPeer, InputUser, InputChannel) take
// whatever a peer field takes and are resolved by the caller's `peers`.
import bigInt from 'big-integer';
import type { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import {
	classOf,
	describeParameters,
	fieldOf,
	findConstructor,
	findMethod,
	optional,
	parametersOf,
	schemaName,
	similarMethods,
	snakeName,
	typeName,
	type TlArg,
	type TlDefinition,
} from './tl-schema';

/** What the user got wrong, as a sentence that names it and lists the parameters. */
export class CallMethodInputError extends Error {}

export type PeerType = 'InputPeer' | 'InputUser' | 'InputChannel';
export const PEER_TYPES = new Set<string>(['InputPeer', 'InputUser', 'InputChannel']);

/** Resolves a peer-field value to the input object of `type`; its errors name the value. */
export type PeerResolver = (type: PeerType, value: unknown) => Promise<object>;

interface Place {
	/** The method: every error lists its parameters. */
	method: TlDefinition;
	/** The object being built (the method itself, or a constructor inside a parameter). */
	def: TlDefinition;
	/** "filter", "entities[0]": where in the parameters the value is. */
	path: string;
}

export async function buildRequest(methodName: string, parameters: unknown, peers: PeerResolver): Promise<Api.AnyRequest> {
	const method = findMethod(methodName);
	if (!method) {
		const near = similarMethods(methodName);
		throw new CallMethodInputError(
			`Telegram has no method "${methodName}"` +
				(near.length ? `: did you mean ${near.join(', ')}?` : ': write it as in the schema at core.telegram.org/methods, e.g. messages.getFullChat'),
		);
	}
	if (!isPlainObject(parameters)) throw new CallMethodInputError(`The parameters are not a JSON object; ${takes(method)}`);
	return (await buildObject(method, parameters, { method, def: method, path: '' }, peers)) as Api.AnyRequest;
}

function takes(method: TlDefinition, def: TlDefinition = method): string {
	const own = `${schemaName(method)} takes: ${describeParameters(method)}`;
	return def === method ? own : `${schemaName(def)} takes: ${describeParameters(def)}; ${own}`;
}

function fail(place: Place, text: string): never {
	throw new CallMethodInputError(`${text}; ${takes(place.method, place.def)}`);
}

async function buildObject(def: TlDefinition, values: Record<string, unknown>, outer: Place, peers: PeerResolver): Promise<object> {
	const place: Place = { ...outer, def };
	const args: Record<string, unknown> = {};
	for (const key of Object.keys(values)) {
		if (key === '_' && def !== place.method) continue;
		const field = fieldOf(def, key);
		if (!field) fail(place, `${schemaName(def)} has no parameter "${key}"`);
		args[field] = values[key];
	}
	const built: Record<string, unknown> = {};
	for (const [field, arg] of parametersOf(def)) {
		const path = join(outer.path, snakeName(field));
		const value = args[field];
		if (value === undefined || value === null) {
			if (!optional(field, arg)) fail(place, `${schemaName(def)} needs ${snakeName(field)} (${typeName(arg)})`);
			continue;
		}
		built[field] = await convert(value, arg, { ...place, path }, peers);
	}
	return new (classOf(def))(built);
}

function join(path: string, name: string): string {
	return path ? `${path}.${name}` : name;
}

async function convert(value: unknown, arg: TlArg, place: Place, peers: PeerResolver): Promise<unknown> {
	if (arg.isVector) {
		if (!Array.isArray(value)) wrongType(place, value, `a list of ${arg.type}`);
		const one = { ...arg, isVector: false };
		const out = [];
		for (let i = 0; i < value.length; i++) out.push(await convert(value[i], one, { ...place, path: `${place.path}[${i}]` }, peers));
		return out;
	}
	const type = String(arg.type);
	switch (type) {
		case 'int':
			return int(value, place, 32);
		case 'date':
			return typeof value === 'string' && !/^\d+$/.test(value) && !Number.isNaN(Date.parse(value))
				? Math.floor(Date.parse(value) / 1000)
				: int(value, place, 32);
		case 'long':
		case 'int128':
		case 'int256':
			if ((typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value.trim()))) {
				return bigInt(String(value).trim());
			}
			return wrongType(place, value, `a ${type} (a whole number, or a string of digits)`);
		case 'double':
			return typeof value === 'number' && Number.isFinite(value) ? value : wrongType(place, value, 'a number');
		case 'string':
			return typeof value === 'string' ? value : wrongType(place, value, 'a string');
		case 'bytes':
			if (typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return Buffer.from(value, 'base64');
			return wrongType(place, value, 'bytes (a base64 string)');
		case 'Bool':
		case 'true':
			return typeof value === 'boolean' ? value : wrongType(place, value, 'true or false');
	}
	if (PEER_TYPES.has(type) && !(isPlainObject(value) && typeof value._ === 'string')) {
		try {
			return await peers(type as PeerType, value);
		} catch (error) {
			// Telegram's own answers (USERNAME_NOT_OCCUPIED, a flood wait) are told as such by the caller.
			if (error instanceof RPCError) throw error;
			return fail(place, `${place.path}: ${(error as Error).message}`);
		}
	}
	if (!isPlainObject(value) || typeof value._ !== 'string') {
		return wrongType(place, value, `a ${type} object, {"_": "<constructor>", …} (see core.telegram.org/type/${type})`);
	}
	const def = findConstructor(value._);
	if (!def) fail(place, `${place.path}: Telegram has no constructor "${value._}"`);
	if (def.result !== type) fail(place, `${place.path}: ${schemaName(def)} is a ${def.result}, not a ${type}`);
	return buildObject(def, value, place, peers);
}

function int(value: unknown, place: Place, bits: number): number {
	const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	const limit = 2 ** (bits - 1);
	if (typeof n === 'number' && Number.isInteger(n) && n >= -limit && n < limit) return n;
	return wrongType(place, value, `an int (a whole number from ${-limit} to ${limit - 1})`);
}

function wrongType(place: Place, value: unknown, expected: string): never {
	return fail(place, `${place.path} must be ${expected}, not ${show(value)}`);
}

function show(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}
