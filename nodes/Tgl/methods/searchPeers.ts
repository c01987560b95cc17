import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { dialogPages } from '../helpers/dialogs';
import { clientPool } from '../transport/client-pool';
import { toTglCredentials } from '../transport/credentials';
import { toPeer } from '../tgl/peer';
import { withEntities } from '../tgl/context';

const PAGE = 100;

/** The "From List" mode of the peer locator: the account's dialogs, filtered by name or @username. */
export async function searchPeers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const account = await clientPool.acquire(toTglCredentials(await this.getCredentials('tglApi')));
	try {
		const ctx = await account.mapContext();
		const needle = filter?.trim().toLowerCase().replace(/^@/, '');
		const results: INodeListSearchResult['results'] = [];
		for await (const { result, dialogs } of dialogPages(account, 1000, PAGE)) {
			const pageCtx = withEntities(ctx, result.users, result.chats);
			for (const d of dialogs) {
				const entity = pageCtx.peer(d.peer);
				if (!entity) continue;
				const peer = toPeer(entity, pageCtx);
				const label = peer.title ?? [peer.first_name, peer.last_name].filter(Boolean).join(' ');
				if (needle && ![label, peer.username ?? '', peer.name].some((s) => s.toLowerCase().includes(needle))) continue;
				results.push({
					name: peer.username ? `${label} (@${peer.username})` : label || peer.name,
					value: String(peer.peer_id),
					url: peer.username ? `https://t.me/${peer.username}` : undefined,
				});
			}
		}
		return { results };
	} finally {
		clientPool.release(account);
	}
}
