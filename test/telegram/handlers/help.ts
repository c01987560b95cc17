// help.*: works before login.
import { Api } from 'telegram';
import type { World } from '../world';
import { now } from '../world/util';
import type { DcAddress } from '../world/settings';
import type { Handlers } from './common';

/** Handlers of the server for DC `thisDc`. */
export function helpHandlers(world: World, thisDc = world.settings.dcId): Handlers {
	return {
		'help.GetConfig': () => loopbackConfig(world.settings, thisDc),
		'help.GetNearestDc': () => new Api.NearestDc({ country: 'US', thisDc, nearestDc: world.settings.dcId }),
	};
}

/** A plausible layer-198 Config naming the loopback's DCs, each with the address that reaches it. */
export function loopbackConfig(
	s: { dcId: number; dcAddress: string; dcPort: number; otherDcs?: DcAddress[] },
	thisDc = s.dcId,
): Api.Config {
	const date = now();
	const dcs: DcAddress[] = [{ id: s.dcId, address: s.dcAddress, port: s.dcPort }, ...(s.otherDcs ?? [])];
	return new Api.Config({
		date,
		expires: date + 3600,
		testMode: false,
		thisDc,
		dcOptions: dcs.map((dc) => new Api.DcOption({ id: dc.id, ipAddress: dc.address, port: dc.port })),
		dcTxtDomainName: 'loopback.invalid',
		chatSizeMax: 200,
		megagroupSizeMax: 200000,
		forwardedCountMax: 100,
		onlineUpdatePeriodMs: 210000,
		offlineBlurTimeoutMs: 5000,
		offlineIdleTimeoutMs: 30000,
		onlineCloudTimeoutMs: 300000,
		notifyCloudDelayMs: 30000,
		notifyDefaultDelayMs: 1500,
		pushChatPeriodMs: 60000,
		pushChatLimit: 2,
		editTimeLimit: 172800,
		revokeTimeLimit: 2147483647,
		revokePmTimeLimit: 2147483647,
		ratingEDecay: 2419200,
		stickersRecentLimit: 200,
		channelsReadMediaPeriod: 604800,
		callReceiveTimeoutMs: 20000,
		callRingTimeoutMs: 90000,
		callConnectTimeoutMs: 30000,
		callPacketTimeoutMs: 10000,
		meUrlPrefix: 'https://t.me/',
		captionLengthMax: 1024,
		messageLengthMax: 4096,
		webfileDcId: s.dcId,
	});
}
