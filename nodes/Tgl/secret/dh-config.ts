// messages.getDhConfig results, cached by version: send `version`, and a dhConfigNotModified
// answer reuses the cached p and g. Every accepted config has passed checkDhConfig.
import { SecretChatError } from './errors';
import { checkDhConfig, type DhParams } from './dh';

/** The two answers of messages.getDhConfig, as GramJS classes name them. */
export type DhConfigResult =
	| { className: 'messages.DhConfig'; g: number; p: Buffer; version: number; random: Buffer }
	| { className: 'messages.DhConfigNotModified'; random: Buffer };

export class DhConfigCache {
	private cached: (DhParams & { version: number }) | undefined;

	/** The version to send in messages.getDhConfig (0 when nothing is cached). */
	get version(): number {
		return this.cached?.version ?? 0;
	}

	/** Checks and caches a new config, or reuses the cached one; returns the params and the server random. */
	accept(result: DhConfigResult): { params: DhParams; random: Buffer } {
		if (result.className === 'messages.DhConfigNotModified') {
			if (!this.cached) throw new SecretChatError('BAD_DH_CONFIG', 'dhConfigNotModified without a cached config');
			return { params: { g: this.cached.g, p: this.cached.p }, random: result.random };
		}
		checkDhConfig(result.g, result.p);
		this.cached = { g: result.g, p: Buffer.from(result.p), version: result.version };
		return { params: { g: result.g, p: Buffer.from(result.p) }, random: result.random };
	}
}
