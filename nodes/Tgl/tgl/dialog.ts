// messages.getDialogs entries → tg's dialog dicts {peer, message, unread}.
import { Api } from 'telegram';
import type { MapContext } from './context';
import { toMsg } from './msg';
import { peerOfRef } from './peer';
import { peerKey } from './peerId';
import type { TglDialog } from './types';

/**
 * One dialog; its top message comes from `ctx.message` (use withMessages with the result's
 * messages). The dialog's own read marks decide the message's `unread`. Folders → null.
 */
export function toDialog(dialog: Api.TypeDialog, ctx: MapContext): TglDialog | null {
	if (!(dialog instanceof Api.Dialog)) return null;
	const key = peerKey(dialog.peer);
	const outer = ctx.readState?.bind(ctx);
	const local: MapContext = {
		...ctx,
		readState: (p) =>
			peerKey(p) === key
				? { inbox_max_id: dialog.readInboxMaxId, outbox_max_id: dialog.readOutboxMaxId }
				: outer?.(p),
	};
	const top = ctx.message?.(dialog.peer, dialog.topMessage);
	return {
		peer: peerOfRef(dialog.peer, ctx),
		message: top ? toMsg(top, local) : null,
		unread: dialog.unreadCount > 0,
		unread_count: dialog.unreadCount,
	};
}
