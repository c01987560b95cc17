// One activation of a trigger node: tg's start-up sequence (restore, our id, catch up,
// difference end), then live events, each emitted in order; the saved position passes an event
// when the ledger says so (emitted, or its execution finished).
import type { IBinaryKeyData, IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { toNodeError } from '../helpers/telegram-errors';
import { resolvePeer } from '../helpers/resolve-peer';
import { makePeerKey, peerKey } from '../tgl/peerId';
import type { MapContext } from '../tgl/context';
import type { AccountClient } from '../transport/account-client';
import type { UpdateEngine } from '../updates/engine';
import type { EngineEvent } from '../updates/events';
import { UpdateStream } from '../updates/update-stream';
import { channelAccessHash } from '../updates/channel-access';
import { CursorStore } from './cursor-store';
import { DeliveryLedger, type AdvanceWhen, type Delivery } from './delivery-ledger';
import { eventKey } from './event-key';
import { messageItem } from './event-items';
import { AlbumGrouper, albumItem, albumKey, type AlbumPart } from './album-grouper';
import { deletionItem, editItem, wantsEdits } from './message-events';
import { mediaBinary } from './media-item';
import { PeerWatch, type PeerChange } from './peer-events';
import { SecretTriggerEvents } from './secret-events';
import { secretChatTarget } from '../helpers/secret-peer';
import { withEntities } from '../tgl/context';
import type { TglEventName, TriggerOptions } from './options';
import type { UpdateCursor } from '../updates/cursor';

/** What waits on the trigger's chain: an event, or a position the stream reached without one. */
type Queued = EngineEvent | { type: 'position'; after: Partial<UpdateCursor> };

export class TriggerRun {
	private readonly store: CursorStore;
	private readonly ledger: DeliveryLedger;
	private readonly watch: PeerWatch;
	private readonly secret: SecretTriggerEvents;
	/** Group Albums: the album whose parts are held until it is complete. */
	private readonly albums: AlbumGrouper | undefined;
	private ctx!: MapContext;
	private onlyKeys: Set<string> | undefined;
	private live = false;
	private readonly pending: Queued[] = [];
	private unsubscribe: (() => void) | undefined;
	private closed = false;
	/** Live events are handled one after the other, in order, even when a download is awaited. */
	private chain: Promise<void> = Promise.resolve();

	constructor(
		private readonly fn: ITriggerFunctions,
		private readonly account: AccountClient,
		private readonly engine: UpdateEngine,
		private readonly events: Set<TglEventName>,
		private readonly options: TriggerOptions,
		staticData: IDataObject,
		private readonly catchUp: boolean,
		advanceWhen: AdvanceWhen = 'emitted',
	) {
		this.store = new CursorStore(staticData);
		this.ledger = new DeliveryLedger(fn, this.store, advanceWhen);
		this.watch = new PeerWatch(account.entities);
		this.secret = new SecretTriggerEvents(account, {
			events,
			options,
			active: catchUp,
			inScope: (key) => !this.onlyKeys || this.onlyKeys.has(key),
			// Secret messages track their own delivery (in the state file), so no ledger entry.
			emit: (json, binary, done) => this.fn.emit([[binary ? { json, binary } : { json }]], undefined, done),
			helpers: fn.helpers,
		});
		this.albums = options.groupAlbums ? new AlbumGrouper(() => this.onAlbumQuiet()) : undefined;
	}

	/** Runs the start-up sequence; resolves when live. Errors go to emitError. */
	async start(): Promise<void> {
		try {
			const end: IDataObject = {};
			this.emitEvent('on_binlog_replay_end', {});
			const me = await this.account.me();
			const ourId = me.id.toJSNumber();
			// A position saved by another account (the credential now logs in as someone else) means nothing here.
			const accountChanged = this.store.belongsToOther(ourId);
			const saved = this.catchUp && !accountChanged ? this.store.cursor : undefined;
			this.ctx = await this.account.mapContext();
			this.emitEvent('on_our_id', { our_id: ourId });
			this.onlyKeys = await this.resolveOnlyPeers();
			// Secret chats listen first and catch up from their own saved qts (their backlog too).
			const secretFailure = await this.secret.start();
			if (secretFailure) return this.fail(secretFailure);
			await this.engine.start();
			this.unsubscribe = this.engine.subscribe({
				onEvent: (e) => this.onLive(e),
				// Queued behind the events before it: the cursor passes them only once they were emitted.
				onPosition: (after) => this.onLive({ type: 'position', after }),
				onFatal: (error) => this.fail(error),
			});
			if (saved) {
				this.store.claim(ourId);
				this.ledger.resume();
				const stream = new UpdateStream(
					this.account,
					{ ...saved, channels: { ...saved.channels } },
					(e) => this.handle(e),
					(after) => this.reached(after),
					{ ...this.store.channelHashes },
				);
				await stream.difference();
				for (const channelId of Object.keys(saved.channels)) await stream.channelDifference(channelId);
				// Reported once: a channel out of reach is no longer followed from its old position.
				for (const channelId of stream.unreachable) this.store.forgetChannel(channelId);
				if (stream.gaps > 0) {
					end.updates_lost = true;
					end.lost_channels = [...stream.lostChannels].map(Number);
				}
			} else {
				this.store.init(this.engine.cursor!, ourId);
				this.rememberChannels(Object.keys(this.engine.cursor!.channels));
			}
			if (this.closed) return;
			// Extensions: Telegram no longer held everything missed (updates_lost, with the channels
			// concerned), or the credential logs in as another account than the saved position's.
			if (accountChanged) end.account_changed = true;
			// An album the catch-up ended on is complete: what was missed came whole.
			this.flushAlbum();
			this.ledger.caughtUp();
			this.emitEvent('on_get_difference_end', end);
			// Queued in one synchronous loop, so no live event can cut in while the buffer drains.
			for (let e = this.pending.shift(); e; e = this.pending.shift()) this.enqueue(e);
			this.live = true;
		} catch (error) {
			this.fail(error as Error);
		}
	}

	close(): void {
		this.closed = true;
		this.albums?.clear();
		this.unsubscribe?.();
		this.secret.close();
	}

	private onLive(event: Queued): void {
		if (this.live) this.enqueue(event);
		else this.pending.push(event);
	}

	private enqueue(event: Queued): void {
		this.chain = this.chain.then(() => this.handle(event)).catch((error) => this.fail(error as Error));
	}

	private async handle(event: Queued): Promise<void> {
		if (this.closed) return;
		if (event.type === 'position') return this.reached(event.after);
		if (event.after?.channels) this.rememberChannels(Object.keys(event.after.channels));
		// Anything but the next part of the open album completes it, so items keep their order.
		if (this.albums && !this.albums.continues(event)) this.flushAlbum();
		const delivery = this.ledger.begin(event.after, eventKey(event));
		let held = false;
		try {
			held = (await this.deliver(event, delivery)) === true;
		} finally {
			// A held album part ends when its album is emitted.
			if (!held) this.ledger.end(delivery);
		}
	}

	/**
	 * Emits what an event stands for. A repeat is dropped: a message by firstSight, other events
	 * when they finished before a restart; one in flight at a restart is emitted again, marked.
	 */
	private async deliver(event: EngineEvent, delivery: Delivery): Promise<boolean | void> {
		if (event.type === 'message') {
			const first = event.edited ? !this.ledger.finishedBefore(delivery.key!) : this.store.firstSight(event.box, event.message.id);
			if (!this.ledger.takeRedelivery(delivery) && !first) return;
			const ctx = withEntities(this.ctx, event.users, event.chats);
			const inScope = !this.onlyKeys || this.onlyKeys.has(peerKey(event.message.peerId));
			if (this.watchesPeers && inScope) this.emitPeerChanges(this.watch.fromMessage(event.message, ctx), delivery);
			const wanted = event.edited ? wantsEdits(this.events, this.options) : this.events.has('on_msg_receive');
			if (!wanted || !inScope) return;
			if (event.message.out && !this.options.includeOutgoing) return;
			const item = event.edited ? editItem(event, ctx, this.events) : messageItem(event, ctx);
			const album = this.albums ? albumKey(event) : undefined;
			let binary: IBinaryKeyData | undefined;
			if (this.options.downloadMedia) {
				const name = this.options.binaryPropertyName || 'data';
				const media = await mediaBinary(this.fn, this.account, event.message, {
					binaryPropertyName: album ? `${name}_${this.albums!.size}` : name,
					maxBytes: (this.options.maxMediaSizeMb ?? 20) * 1024 * 1024,
				});
				if (media.note) item.media_note = media.note;
				binary = media.binary;
			}
			if (album) return this.holdAlbumPart(album, { json: item, binary, delivery });
			return this.emitItem(item, binary, delivery);
		}
		if (delivery.key && this.ledger.finishedBefore(delivery.key)) return;
		this.ledger.takeRedelivery(delivery);
		const ctx = withEntities(this.ctx, event.users, event.chats);
		const deletion = this.events.has('on_msg_delete') ? deletionItem(event.update, ctx, this.onlyKeys) : undefined;
		if (deletion) this.emitItem(deletion, undefined, delivery);
		if (this.watchesPeers) this.emitPeerChanges(this.watch.fromUpdate(event.update, ctx), delivery);
	}

	/** Holds an album part (true: its delivery stays open); a full album is emitted at once. */
	private holdAlbumPart(key: string, part: AlbumPart): true {
		if (this.albums!.add(key, part)) this.flushAlbum();
		return true;
	}

	/** Emits the open album as one item; its parts' deliveries end with that execution. */
	private flushAlbum(): void {
		const album = this.albums?.take();
		if (!album || this.closed) return;
		const { json, binary } = albumItem(album);
		this.ledger.emitGroup(album.parts.map((p) => p.delivery), [[binary ? { json, binary } : { json }]]);
	}

	/** Quiet after an album part: queued behind the events before it. The catch-up flushes its own at the end. */
	private onAlbumQuiet(): void {
		if (!this.live || this.closed) return;
		this.chain = this.chain.then(() => this.flushAlbum()).catch((error) => this.fail(error as Error));
	}

	/** A position reached with no event; how to reach each channel it names is kept at once. */
	private reached(after: Partial<UpdateCursor>): void {
		if (after.channels) this.rememberChannels(Object.keys(after.channels));
		this.ledger.reached(after);
	}

	/** Runs for every channel event: a channel already kept costs no entity lookup (its hash does not change). */
	private rememberChannels(channelIds: string[]): void {
		const kept = this.store.channelHashes;
		for (const channelId of channelIds) {
			if (channelId in kept) continue;
			const hash = channelAccessHash(this.account.entities, channelId);
			if (hash !== undefined) this.store.reach(channelId, hash);
		}
	}

	private emitPeerChanges(changes: PeerChange[], delivery: Delivery): void {
		for (const c of changes) {
			if (c.event === 'on_secret_chat_update') continue; // the secret-chat service reports these (secret-events.ts)
			if (c.event === 'on_chat_update' && this.onlyKeys && !this.onlyKeys.has(makePeerKey(c.peer.type_name, c.peer.id))) continue;
			this.emitEvent(c.event, { peer: c.peer as unknown as IDataObject, what_changed: c.what_changed }, delivery);
		}
	}

	private get watchesPeers(): boolean {
		return this.events.has('on_user_update') || this.events.has('on_chat_update') || this.events.has('on_secret_chat_update');
	}

	private emitEvent(name: TglEventName, json: IDataObject, delivery?: Delivery): void {
		if (this.events.has(name) && !this.closed) this.emitItem({ event: name, ...json }, undefined, delivery);
	}

	/** Start-up events have no delivery: they are emitted again by every activation anyway. */
	private emitItem(json: IDataObject, binary?: IBinaryKeyData, delivery?: Delivery): void {
		if (delivery?.redelivered) json.redelivered = true;
		const data = [[binary ? { json, binary } : { json }]];
		if (delivery) this.ledger.emit(delivery, data);
		else this.fn.emit(data);
	}

	private async resolveOnlyPeers(): Promise<Set<string> | undefined> {
		const list = (this.options.onlyPeers ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (!list.length) return undefined;
		const keys = new Set<string>();
		for (const p of list) {
			// A secret chat (secret_chat#<id> or its "!" name) is known only to this account's state file.
			const secret = await secretChatTarget(this.account, p);
			keys.add(secret ? `secret_chat#${secret.record.id}` : (await resolvePeer(this.account, p)).key);
		}
		return keys;
	}

	private fail(error: Error): void {
		if (this.closed) return;
		this.close();
		this.fn.emitError(toNodeError(this.fn.getNode(), error, undefined, this.account.secrets(), 'The Telegram TGL Trigger stopped listening'));
	}
}
