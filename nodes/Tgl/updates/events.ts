// What the engine hands to its listeners: one event per message or other update, in order,
// with the position the stream reached once the listener has handled it.
import type { Api } from 'telegram';
import type { Box, UpdateCursor } from './cursor';

export interface Entities {
	users: Api.TypeUser[];
	chats: Api.TypeChat[];
}

export type EngineEvent =
	| ({ type: 'message'; message: Api.Message | Api.MessageService; box: Box; edited: boolean } & Entities & Positioned)
	| ({ type: 'update'; update: Api.TypeUpdate } & Entities & Positioned);

export interface Positioned {
	/** Fields of the cursor this event moves forward (a listener saves them after handling it). */
	after?: Partial<UpdateCursor>;
}

export interface EngineListener {
	onEvent(event: EngineEvent): void | Promise<void>;
	/** A position reached with no event to hand over (a difference slice ended, an empty difference). */
	onPosition?(after: Partial<UpdateCursor>): void;
	/** The stream cannot go on (the session was revoked, the auth key is gone). */
	onFatal?(error: Error): void;
}
