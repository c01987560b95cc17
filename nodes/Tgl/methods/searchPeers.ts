// The "From List" mode of the peer locator. One page per call, as n8n asks for more on scroll:
// without a filter the account's dialogs (messages.getDialogs, the next page's offset in the
// paginationToken); with one, Telegram's own search over contacts, dialogs and usernames
// (contacts.search). Errors come out as the operations' do.
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { dialogPage, type DialogOffset } from '../helpers/dialogs';
import { toNodeError } from '../helpers/telegram-errors';
import { clientPool } from '../transport/client-pool';
import { toTglCredentials } from '../transport/credentials';
import { withCallOptions } from '../transport/call-options';
import type { AccountClient } from '../transport/account-client';
import { toPeer } from '../tgl/peer';
import { withEntities, type MapContext } from '../tgl/context';

const PAGE = 100;
const SEARCH_LIMIT = 50;
/** A list in the editor waits this long for a rate limit at most, then says so. */
const FLOOD_WAIT_MAX_SECONDS = 5;

export async function searchPeers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = toTglCredentials(await this.getCredentials('tglApi'));
	const secrets = [credentials.session, credentials.apiHash];
	let account: AccountClient | undefined;
	try {
		const connected = (account = await clientPool.acquire(credentials));
		const query = filter?.trim().replace(/^@/, '');
		return await withCallOptions({ floodWaitMaxSeconds: FLOOD_WAIT_MAX_SECONDS }, () =>
			query ? searched(connected, query) : dialogList(connected, paginationToken),
		);
	} catch (error) {
		throw toNodeError(this.getNode(), error, undefined, secrets, 'Listing peers');
	} finally {
		if (account) clientPool.release(account);
	}
}

async function dialogList(account: AccountClient, token?: string): Promise<INodeListSearchResult> {
	const ctx = await account.mapContext();
	const page = await dialogPage(account, PAGE, token ? decodeOffset(token) : undefined);
	if (!page) return { results: [] };
	const pageCtx = withEntities(ctx, page.result.users, page.result.chats);
	const results = page.dialogs.flatMap((d) => listItem(pageCtx, d.peer));
	return { results, paginationToken: page.next ? encodeOffset(page.next) : undefined };
}

async function searched(account: AccountClient, q: string): Promise<INodeListSearchResult> {
	const ctx = await account.mapContext();
	const found = await account.call(new Api.contacts.Search({ q, limit: SEARCH_LIMIT }));
	const foundCtx = withEntities(ctx, found.users, found.chats);
	return { results: [...found.myResults, ...found.results].flatMap((p) => listItem(foundCtx, p)) };
}

function listItem(ctx: MapContext, p: Api.TypePeer): INodeListSearchItems[] {
	const entity = ctx.peer(p);
	if (!entity) return [];
	const peer = toPeer(entity, ctx);
	const label = peer.title ?? [peer.first_name, peer.last_name].filter(Boolean).join(' ');
	return [
		{
			name: peer.username ? `${label} (@${peer.username})` : label || peer.name,
			value: String(peer.peer_id),
			url: peer.username ? `https://t.me/${peer.username}` : undefined,
		},
	];
}

/** The next page's offset as a token: date, message id, and the peer with its access hash. */
function encodeOffset(o: DialogOffset): string {
	const p = o.peer;
	const peer =
		p instanceof Api.InputPeerUser
			? ['u', p.userId.toString(), p.accessHash.toString()]
			: p instanceof Api.InputPeerChat
				? ['c', p.chatId.toString()]
				: p instanceof Api.InputPeerChannel
					? ['C', p.channelId.toString(), p.accessHash.toString()]
					: p instanceof Api.InputPeerSelf
						? ['s']
						: [];
	return JSON.stringify([o.date, o.id, ...peer]);
}

function decodeOffset(token: string): DialogOffset | undefined {
	let parts: unknown;
	try {
		parts = JSON.parse(token);
	} catch {
		return undefined;
	}
	if (!Array.isArray(parts) || typeof parts[0] !== 'number' || typeof parts[1] !== 'number') return undefined;
	const [date, id, kind, a, b] = parts as [number, number, string?, string?, string?];
	const big = (v?: string) => returnBigInt(v ?? '0');
	const peer =
		kind === 'u'
			? new Api.InputPeerUser({ userId: big(a), accessHash: big(b) })
			: kind === 'c'
				? new Api.InputPeerChat({ chatId: big(a) })
				: kind === 'C'
					? new Api.InputPeerChannel({ channelId: big(a), accessHash: big(b) })
					: kind === 's'
						? new Api.InputPeerSelf()
						: new Api.InputPeerEmpty();
	return { date, id, peer };
}
