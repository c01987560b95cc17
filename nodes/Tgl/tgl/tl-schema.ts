// Telegram's schema as GramJS builds its Api classes from it (telegram/tl/apiTl, parsed with
// GramJS's own parseTl): each method and constructor by its schema name ("messages.getFullChat",
// "inputPeerSelf"), its parameters with their types, and the schema's snake_case names of
// GramJS's camelCase fields.
import { Api } from 'telegram';
import apiTl from 'telegram/tl/apiTl';
import { parseTl, variableSnakeToCamelCase } from 'telegram/tl/generationHelpers';

/** One parameter as GramJS's parseTl describes it. */
export interface TlArg {
	isVector: boolean;
	isFlag: boolean;
	flagIndicator: boolean;
	type: string | null;
}

export interface TlDefinition {
	/** GramJS's class name without namespace: "GetFullChat". */
	name: string;
	namespace?: string;
	isFunction: boolean;
	/** For a constructor, the type it builds ("InputPeer", "messages.ChatFull"); for a method, what it answers. */
	result: string;
	argsConfig: Record<string, TlArg>;
}

/** parseTl's (unused) layer argument, as telegram/tl/api.js passes it: the same definitions as Api's classes. */
const LAYER = '109';

let loaded: { methods: Map<string, TlDefinition>; constructors: Map<string, TlDefinition>; snake: Map<string, string> } | undefined;

function schema() {
	if (loaded) return loaded;
	const methods = new Map<string, TlDefinition>();
	const constructors = new Map<string, TlDefinition>();
	for (const def of parseTl(apiTl, LAYER) as Iterable<TlDefinition>) {
		(def.isFunction ? methods : constructors).set(schemaName(def), def);
	}
	// Every "name:" of the schema text, so fields print as Telegram's documentation names them.
	const snake = new Map<string, string>();
	for (const [, name] of apiTl.matchAll(/\s([a-z][a-z0-9_]*):/gi)) snake.set(variableSnakeToCamelCase(name), name);
	loaded = { methods, constructors, snake };
	return loaded;
}

/** "messages.getFullChat", "inputPeerSelf": the name the schema (and core.telegram.org) uses. */
export function schemaName(def: { name: string; namespace?: string }): string {
	const own = def.name.charAt(0).toLowerCase() + def.name.slice(1);
	return def.namespace ? `${def.namespace}.${own}` : own;
}

/** GramJS's className ("messages.ChatFull") as the schema's name ("messages.chatFull"). */
export function schemaNameOfClass(className: string): string {
	const dot = className.lastIndexOf('.');
	return schemaName({ namespace: dot < 0 ? undefined : className.slice(0, dot), name: className.slice(dot + 1) });
}

/** Looks a name up as written, then ignoring case ("messages.GetFullChat" works too). */
function lookup(map: Map<string, TlDefinition>, name: string): TlDefinition | undefined {
	const exact = map.get(name.trim());
	if (exact) return exact;
	const lower = name.trim().toLowerCase();
	for (const [key, def] of map) if (key.toLowerCase() === lower) return def;
	return undefined;
}

export function findMethod(name: string): TlDefinition | undefined {
	return lookup(schema().methods, name);
}

export function findConstructor(name: string): TlDefinition | undefined {
	return lookup(schema().constructors, name);
}

/** A few method names close to `name` (same words in another namespace, or one letter off). */
export function similarMethods(name: string): string[] {
	const want = name.trim().toLowerCase();
	const tail = want.slice(want.lastIndexOf('.') + 1);
	const out: string[] = [];
	for (const key of schema().methods.keys()) {
		const k = key.toLowerCase();
		if (k.slice(k.lastIndexOf('.') + 1) === tail || (Math.abs(k.length - want.length) <= 1 && distance(k, want) <= 2)) out.push(key);
		if (out.length >= 5) break;
	}
	return out;
}

function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const saved = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = saved;
		}
	}
	return row[b.length];
}

/** The schema's snake_case name of a GramJS field. */
export function snakeName(camel: string): string {
	return schema().snake.get(camel) ?? camel;
}

/** The GramJS field for a parameter name written either way ("chat_id" or "chatId"). */
export function fieldOf(def: TlDefinition, name: string): string | undefined {
	const camel = variableSnakeToCamelCase(name);
	return [name, camel].find((n) => n in def.argsConfig && !def.argsConfig[n].flagIndicator);
}

/** The parameters a user gives (flag fields are computed). */
export function parametersOf(def: TlDefinition): Array<[string, TlArg]> {
	return Object.entries(def.argsConfig).filter(([, arg]) => !arg.flagIndicator);
}

/** "chat_id: long", "silent?: true", "entities?: Vector<MessageEntity>" for each parameter. */
export function describeParameters(def: TlDefinition): string {
	const list = parametersOf(def).map(([name, arg]) => `${snakeName(name)}${optional(name, arg) ? '?' : ''}: ${typeName(arg)}`);
	return list.length ? list.join(', ') : 'no parameters';
}

/** A flag, or random_id (GramJS draws one). */
export function optional(name: string, arg: TlArg): boolean {
	return arg.isFlag || name === 'randomId';
}

export function typeName(arg: TlArg): string {
	return arg.isVector ? `Vector<${arg.type}>` : String(arg.type);
}

/** The GramJS class of a definition. */
export function classOf(def: TlDefinition): new (args: Record<string, unknown>) => object {
	const space = def.namespace ? (Api as unknown as Record<string, Record<string, unknown>>)[def.namespace] : (Api as unknown as Record<string, unknown>);
	return space[def.name] as new (args: Record<string, unknown>) => object;
}
