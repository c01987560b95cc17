// Prints what the workflows did as you in the sandbox Telegram (the auto-reply's answers, the
// membership notes…), so that the terminal of `npm start` shows both sides of the conversation.
import type { World } from '../telegram/world';
import type { PeerRef } from '../telegram/world/records';
import type { SandboxPeople } from './sandbox-world';

export class ActivityLog {
	private timer: NodeJS.Timeout | undefined;
	private readonly seen = new Map<string, number>();
	private readonly dialogs: Array<{ name: string; peer: PeerRef }>;

	constructor(
		private readonly world: World,
		private readonly people: SandboxPeople,
		private readonly log: (line: string) => void,
	) {
		this.dialogs = [
			{ name: 'your Saved Messages', peer: { userId: people.you.id } },
			...[...people.friends, people.stranger].map((p) => ({ name: p.name, peer: { userId: p.id } })),
			{ name: `"${people.group.title}"`, peer: { chatId: people.group.id } },
			{ name: `"${people.supergroup.title}"`, peer: { channelId: people.supergroup.id } },
			{ name: `"${people.channel.title}"`, peer: { channelId: people.channel.id } },
		];
		this.scan(false); // what the seed wrote is not news
	}

	start(everyMs = 500): void {
		this.timer = setInterval(() => this.scan(true), everyMs);
	}

	stop(): void {
		clearInterval(this.timer);
	}

	private scan(report: boolean): void {
		const you = this.people.you.id;
		for (const { name, peer } of this.dialogs) {
			const key = JSON.stringify(peer);
			const last = this.seen.get(key) ?? 0;
			const fresh = this.world.history(you, peer).filter((m) => m.id > last);
			if (!fresh.length) continue;
			this.seen.set(key, fresh[0].id); // newest first
			if (!report) continue;
			for (const m of fresh.reverse()) {
				if (m.fromId !== you || m.action) continue;
				this.log(`you (n8n) → ${name}: ${m.text || `[${m.media?.kind ?? 'empty'}]`}`);
			}
		}
	}
}
