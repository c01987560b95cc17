// Friends who write now and then, and a stranger who joins and leaves the group, so that the
// sandbox's trigger workflows have something to do.
import type { World } from '../telegram/world';
import type { SandboxPeople } from './sandbox-world';

const PRIVATE_LINES = [
	'Hey, are you there?',
	'Did the auto-reply workflow answer this?',
	'Lunch tomorrow?',
	'Sending you the photos later.',
	'How is the n8n project going?',
	'Ping!',
];

const GROUP_LINES = ['Who brings the snacks?', 'Weather looks good.', 'Meet at the station?', 'I might be 10 minutes late.'];

export class Chatter {
	private timer: NodeJS.Timeout | undefined;
	private tick = 0;
	private strangerInGroup = false;

	constructor(
		private readonly world: World,
		private readonly people: SandboxPeople,
		private readonly log: (line: string) => void,
	) {}

	/** One event every `seconds`: a private message, a group message, or the stranger joining or leaving. */
	start(seconds: number): void {
		if (seconds <= 0) return;
		this.timer = setInterval(() => this.step(), seconds * 1000);
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	step(): void {
		const n = this.tick++;
		const friend = this.people.friends[n % this.people.friends.length];
		const you = this.people.you;
		const group = this.people.group;
		try {
			if (n % 4 === 3) {
				const dave = this.people.stranger;
				if (this.strangerInGroup) {
					this.world.removeChatMember(group.id, dave.id, you.id);
					this.log(`${dave.name} left "${group.title}"`);
				} else {
					this.world.addChatMember(group.id, dave.id, you.id);
					this.log(`${dave.name} joined "${group.title}"`);
				}
				this.strangerInGroup = !this.strangerInGroup;
			} else if (n % 4 === 2) {
				const round = Math.floor(n / 4);
				const text = GROUP_LINES[round % GROUP_LINES.length];
				const author = this.people.friends[round % 2]; // Alice or Bob: the group's members
				this.world.sendMessage(author.id, { chatId: group.id }, text);
				this.log(`${author.name} in "${group.title}": ${text}`);
			} else {
				const text = PRIVATE_LINES[n % PRIVATE_LINES.length];
				this.world.sendMessage(friend.id, { userId: you.id }, text);
				this.log(`${friend.name} → you: ${text}`);
			}
		} catch (error) {
			this.log(`(sandbox chatter failed: ${(error as Error).message})`);
		}
	}
}
