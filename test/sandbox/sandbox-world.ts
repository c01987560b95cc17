// The world `npm start` opens on the loopback Telegram: you, a few friends, a basic group, a
// supergroup, a channel, contacts and some history (with a photo), so that every node of the pack
// has something to work on without a Telegram account.
import { crc32, deflateSync } from 'zlib';
import type { World } from '../telegram/world';

export interface SandboxPeople {
	you: { id: number; username: string; name: string };
	friends: Array<{ id: number; username: string; name: string }>;
	/** Not a contact, not in the groups at first: the one who comes and goes. */
	stranger: { id: number; username: string; name: string };
	group: { id: number; title: string };
	supergroup: { id: number; title: string; username: string };
	channel: { id: number; title: string; username: string };
}

function person(world: World, firstName: string, lastName: string, username: string, phone: string) {
	const user = world.addUser({ firstName, lastName, username, phone });
	return { id: user.id, username, name: `${firstName} ${lastName}` };
}

/** Creates the sandbox's people, chats and history in `world`. */
export function seedSandbox(world: World): SandboxPeople {
	const you = person(world, 'Sam', 'Sandbox', 'sam_sandbox', '15550100');
	const alice = person(world, 'Alice', 'Liddell', 'alice_sandbox', '15550101');
	const bob = person(world, 'Bob', 'Builder', 'bob_sandbox', '15550102');
	const carol = person(world, 'Carol', 'Jones', 'carol_sandbox', '15550103');
	const dave = person(world, 'Dave', 'Walker', 'dave_sandbox', '15550104');
	for (const friend of [alice, bob, carol]) world.addContact(you.id, friend.id);
	world.addContact(alice.id, you.id);

	const group = world.createGroup(you.id, 'Weekend plans', [alice.id, bob.id]);
	const lounge = world.createChannel(alice.id, 'n8n Sandbox Lounge', {
		megagroup: true,
		username: 'tgl_sandbox_lounge',
		memberIds: [you.id, bob.id, carol.id],
		about: 'A supergroup on the loopback Telegram',
	});
	const news = world.createChannel(bob.id, 'Sandbox News', { megagroup: false, username: 'tgl_sandbox_news', memberIds: [you.id, alice.id] });

	world.sendMessage(alice.id, { userId: you.id }, 'Hi Sam! This is the sandbox Telegram: nothing here leaves your machine.');
	world.sendMessage(you.id, { userId: alice.id }, 'Hello Alice, trying the n8n nodes.');
	world.sendMessage(bob.id, { userId: you.id }, 'Are you coming on Saturday?');
	world.sendMessage(bob.id, { chatId: group.id }, 'Hike on Saturday? Start at 9.');
	world.sendMessage(alice.id, { chatId: group.id }, "I'm in!");
	world.sendMessage(you.id, { chatId: group.id }, 'Me too.');
	world.sendMessage(alice.id, { channelId: lounge.id }, 'Welcome to the lounge. Archive me with the "Archive a chat" workflow.');
	world.sendMedia(carol.id, { channelId: lounge.id }, { photo: gradientPng(96, 64) }, 'Sunset from the last hike');
	world.sendMessage(bob.id, { channelId: lounge.id }, 'Nice photo!');
	world.sendMessage(bob.id, { channelId: news.id }, 'Sandbox News #1: the loopback Telegram is up.');

	return {
		you,
		friends: [alice, bob, carol],
		stranger: dave,
		group: { id: group.id, title: 'Weekend plans' },
		supergroup: { id: lounge.id, title: 'n8n Sandbox Lounge', username: 'tgl_sandbox_lounge' },
		channel: { id: news.id, title: 'Sandbox News', username: 'tgl_sandbox_news' },
	};
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** A real PNG (an evening-sky gradient), so the archived photo opens in any viewer. */
export function gradientPng(w: number, h: number): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const rows: Buffer[] = [];
	for (let y = 0; y < h; y++) {
		const row = Buffer.alloc(1 + w * 3);
		for (let x = 0; x < w; x++) {
			const t = y / (h - 1);
			row[1 + x * 3] = Math.round(255 - 120 * t);
			row[2 + x * 3] = Math.round(140 - 100 * t + (40 * x) / w);
			row[3 + x * 3] = Math.round(60 + 140 * t);
		}
		rows.push(row);
	}
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
