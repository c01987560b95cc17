import { randomBytes } from 'crypto';
import { partsOf } from './upload';

async function collect(chunks: Buffer[], size: number): Promise<Buffer[]> {
	const parts: Buffer[] = [];
	for await (const part of partsOf((async function* () { yield* chunks; })(), size)) parts.push(Buffer.from(part));
	return parts;
}

describe('partsOf', () => {
	it('re-cuts chunks of any size into equal parts, the last shorter, bytes in order', async () => {
		const bytes = randomBytes(5000);
		const chunks = [bytes.subarray(0, 100), bytes.subarray(100, 1100), bytes.subarray(1100, 1105), bytes.subarray(1105)];
		const parts = await collect(chunks, 1024);
		expect(parts.map((p) => p.length)).toEqual([1024, 1024, 1024, 1024, 904]);
		expect(Buffer.concat(parts).equals(bytes)).toBe(true);
	});

	it('gives exact multiples without an empty last part, and nothing for nothing', async () => {
		expect((await collect([randomBytes(2048)], 1024)).map((p) => p.length)).toEqual([1024, 1024]);
		expect(await collect([], 1024)).toEqual([]);
	});
});
