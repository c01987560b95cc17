// Engine events as the trigger's items, in tgl's shapes.
import type { IDataObject } from 'n8n-workflow';
import { withEntities } from '../tgl/context';
import type { MapContext } from '../tgl/context';
import { toMsg } from '../tgl/msg';
import type { EngineEvent } from '../updates/events';

export function messageItem(event: Extract<EngineEvent, { type: 'message' }>, ctx: MapContext): IDataObject {
	const msg = toMsg(event.message, withEntities(ctx, event.users, event.chats));
	const item: IDataObject = { event: 'on_msg_receive', msg: msg as unknown as IDataObject };
	if (event.edited) item.edited = true;
	return item;
}
