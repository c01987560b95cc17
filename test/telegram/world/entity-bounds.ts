// Telegram refuses message entities that do not lie inside the text they format
// (ENTITY_BOUNDS_INVALID, core.telegram.org/api/entities): offsets and lengths are UTF-16 units.
import type { Api } from 'telegram';
import { RpcError } from '../types';

export function checkEntityBounds(text: string, entities: Api.TypeMessageEntity[] | undefined): void {
	for (const e of entities ?? []) {
		if (e.offset < 0 || e.length < 0 || e.offset + e.length > text.length) throw new RpcError(400, 'ENTITY_BOUNDS_INVALID');
	}
}
