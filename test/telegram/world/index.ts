/**
 * The loopback Telegram's in-memory world.
 *
 * Test-facing API of `World` (constructor `(sink: UpdateSink, settings?: Partial<WorldSettings>)`):
 * - People: `addUser({firstName, lastName?, username?, phone?}): UserRecord`, `addContact(ownerId, contactId, names?)`,
 *   `removeContact(ownerId, contactId)`, `setUserName(userId, firstName, lastName?)`, `setUsername(userId, username | '')`,
 *   `setStatus(userId, online)`, `setPrivacyRestricted(userId, restricted)`, `block(ownerId, userId, blocked = true)`.
 * - Groups: `createGroup(creatorId, title, memberIds): ChatRecord`,
 *   `createChannel(creatorId, title, {megagroup, username?, memberIds?, about?}): ChannelRecord`,
 *   `addChatMember(chatOrChannelId, userId, inviterId)`, `removeChatMember(chatOrChannelId, userId, actorId = creator)`,
 *   (removal from a channel is no ban) `renameChat(chatOrChannelId, title, actorId = creator)`, `createInvite(chatOrChannelId, adminId?, {expireDate?, usageLimit?}): hash`.
 * - Messages (as another client of the sender: every session concerned gets its updates):
 *   `sendMessage(fromUserId, {userId}|{chatId}|{channelId}, text, {replyTo?, silent?}): SentMessage`,
 *   `sendMedia(fromUserId, peer, {photo} | {document, mimeType, fileName?, attributes?, thumb?}, caption?)`,
 *   `editMessage(userId, peer, id, text)`, `deleteMessages(userId, ids, revoke = true)`, `readHistory(userId, peer, maxId = 0)`.
 *   SentMessage = {id (sender's box or channel), date, boxes: {[accountId]: id in that account's box}}.
 *   Message records also carry `entities`, `pinned` (world/pins.ts) and `reactions` (userId → emoji, world/reactions.ts).
 * - Inspection: `history(viewerId, peer)` (newest first), `user(id)`, `chat(id)`, `channel(id)`, `account(id)`,
 *   `contactsOf(userId)`, `stateOf(userId)`, `dialogsOf(userId)`, `fileBytes(message)`.
 * Updates: each account has pts/qts/seq; containers with updates lacking pts take seq+1 and are logged
 * by date for getDifference; pts events are logged per box (account or channel), trimmed to retainUpdates.
 * - `settings` (mutable): differencePageSize, retainUpdates, channelDifferenceTimeout, channelTooLongAfter, shortUpdates, dcId/dcAddress/dcPort,
 *   otherDcs (file DCs, filled by the loopback), fileDcs ({[uploaderId]: dcId}: where that user's files are stored),
 *   rateLimits ({[method]: {calls, windowSeconds, premium?}}: FLOOD_WAIT_X past them, per account).
 */
export { World, type Db, type TestMedia } from './world';
export type * from './records';
export { type WorldSettings, defaultSettings } from './settings';
export type { StateRecord } from './difference';
export type { DialogView } from './history';
export type { Account, DialogRecord } from './account';
export { resultBytes } from './serialize';
