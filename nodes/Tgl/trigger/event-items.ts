// Engine events as the trigger's items, in tgl's shapes.
import type { IDataObject } from 'n8n-workflow';
import type { MapContext } from '../tgl/context';
import { toMsg } from '../tgl/msg';
import type { EngineEvent } from '../updates/events';

/** ctx must already know the event's users and chats (withEntities). */
export function messageItem(event: Extract<EngineEvent, { type: 'message' }>, ctx: MapContext): IDataObject {
	const item: IDataObject = { event: 'on_msg_receive', msg: toMsg(event.message, ctx) as unknown as IDataObject };
	if (event.edited) item.edited = true;
	return item;
}
