import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { jsonItems } from '../../helpers/items';
import { returnAllOrLimit, wantedCount } from '../../helpers/paging';
import type { TargetPeer } from '../../helpers/resolve-peer';
import type { AccountClient } from '../../transport/account-client';
import { withEntities, type MapContext } from '../../tgl/context';
import { memberId, toMember, type TglMember } from '../../tgl/member';
import type { TglOperation } from '../types';

/** Telegram answers at most 200 participants per channels.getParticipants call. */
const PAGE = 200;

type MemberFilter = 'all' | 'admins' | 'bots' | 'banned' | 'search';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Members', value: 'all', description: 'Every member, newest first' },
			{ name: 'Admins', value: 'admins', description: 'The creator and the admins' },
			{ name: 'Bots', value: 'bots' },
			{ name: 'Banned', value: 'banned', description: 'Users banned from a supergroup or channel (needs the right to ban)' },
			{ name: 'Search by Name', value: 'search', description: 'Members whose name or username starts with the words given' },
		],
	},
	{
		displayName: 'Name',
		name: 'query',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { filter: ['search'] } },
		placeholder: 'e.g. alice',
		description: 'Members whose first name, last name or username starts with these words',
	},
	...returnAllOrLimit(100),
];

export const getMembers: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['getMembers'] } }, properties),

	async execute(i, account) {
		const filter = this.getNodeParameter('filter', i) as MemberFilter;
		const query = filter === 'search' ? (this.getNodeParameter('query', i) as string).trim() : '';
		if (filter === 'search' && !query) throw new NodeOperationError(this.getNode(), 'The name to search for is empty', { itemIndex: i });
		const wanted = wantedCount(this, i, 100);
		const group = await resolveGroup(this, i, account);
		const ctx = await account.mapContext();
		const members =
			group.kind === 'chat'
				? await groupMembers(this, i, account, group, ctx, filter, query)
				: await channelMembers(account, group, ctx, filter, query, wanted);
		return jsonItems(members.slice(0, wanted));
	},
};

/** Whether a member's names or username start with every word of the query. */
function nameMatches(member: TglMember, query: string): boolean {
	const words = [member.first_name, member.last_name, member.username].filter(Boolean).join(' ').toLowerCase().split(/\s+/);
	return query
		.toLowerCase()
		.split(/\s+/)
		.every((part) => words.some((word) => word.startsWith(part)));
}

/** A basic group lists all its members in its full info; the filter is applied here. */
async function groupMembers(
	fn: IExecuteFunctions,
	i: number,
	account: AccountClient,
	group: TargetPeer,
	ctx: MapContext,
	filter: MemberFilter,
	query: string,
): Promise<TglMember[]> {
	if (filter === 'banned') {
		throw new NodeOperationError(fn.getNode(), 'Basic groups keep no ban list: removed users can be added again', { itemIndex: i });
	}
	const full = await account.call(new Api.messages.GetFullChat({ chatId: returnBigInt(group.id) }));
	const participants = (full.fullChat as Api.ChatFull).participants;
	if (!(participants instanceof Api.ChatParticipants)) {
		throw new NodeOperationError(fn.getNode(), 'Telegram does not show the members of this group: you are not a member', { itemIndex: i });
	}
	const pageCtx = withEntities(ctx, full.users, full.chats);
	const bots = new Set(full.users.filter((u) => u instanceof Api.User && u.bot).map((u) => u.id.toString()));
	return participants.participants
		.map((p) => ({ p, member: toMember(p, pageCtx) }))
		.filter(({ p, member }) => {
			if (filter === 'admins') return member.role === 'creator' || member.role === 'admin';
			if (filter === 'bots') return bots.has(String(memberId(p)));
			if (filter === 'search') return nameMatches(member, query);
			return true;
		})
		.map(({ member }) => member);
}

function channelFilter(filter: MemberFilter, query: string): Api.TypeChannelParticipantsFilter {
	if (filter === 'admins') return new Api.ChannelParticipantsAdmins();
	if (filter === 'bots') return new Api.ChannelParticipantsBots();
	if (filter === 'banned') return new Api.ChannelParticipantsKicked({ q: '' });
	if (filter === 'search') return new Api.ChannelParticipantsSearch({ q: query });
	return new Api.ChannelParticipantsRecent();
}

/** Supergroups and channels page through channels.getParticipants, 200 at a time. */
async function channelMembers(
	account: AccountClient,
	group: TargetPeer,
	ctx: MapContext,
	filter: MemberFilter,
	query: string,
	wanted: number,
): Promise<TglMember[]> {
	const channel = inputChannelOf(group);
	const members: TglMember[] = [];
	let offset = 0;
	while (members.length < wanted) {
		const page = await account.call(
			new Api.channels.GetParticipants({
				channel,
				filter: channelFilter(filter, query),
				offset,
				limit: Math.min(PAGE, wanted - members.length),
				hash: returnBigInt(0),
			}),
		);
		if (!(page instanceof Api.channels.ChannelParticipants) || !page.participants.length) break;
		const pageCtx = withEntities(ctx, page.users, page.chats);
		for (const p of page.participants) members.push(toMember(p, pageCtx));
		offset += page.participants.length;
		if (offset >= page.count) break;
	}
	return members;
}
