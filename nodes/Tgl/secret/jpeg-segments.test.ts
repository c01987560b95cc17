import { jpegSegments } from './jpeg-segments';

const SOI = [0xff, 0xd8];
const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
const walk = (bytes: number[]) => [...jpegSegments(Buffer.from(bytes))].map((s) => ({ marker: s.marker, body: [...s.body], whole: s.whole }));

describe('jpegSegments', () => {
	it('yields each segment with its body, skipping fill bytes and markers without a length, up to the start of scan', () => {
		const bytes = [...SOI, ...seg(0xe0, [1, 2]), 0xff, ...[0xff, 0xd3], ...seg(0xc0, [8, 0, 4, 0, 6]), ...seg(0xda, [9]), ...seg(0xe1, [7])];
		expect(walk(bytes)).toEqual([
			{ marker: 0xe0, body: [1, 2], whole: true },
			{ marker: 0xc0, body: [8, 0, 4, 0, 6], whole: true },
		]);
		expect(walk([...SOI, ...seg(0xe0, [1]), 0xff, 0xd9, ...seg(0xe1, [7])])).toEqual([{ marker: 0xe0, body: [1], whole: true }]);
	});

	it('never reads past the bytes: a segment longer than what is left comes cut and last; no SOI, a non-marker or a length under 2 end the walk', () => {
		const cut = [...SOI, ...seg(0xe1, [1, 2, 3, 4, 5])].slice(0, 8);
		expect(walk(cut)).toEqual([{ marker: 0xe1, body: [1, 2], whole: false }]);
		for (let end = 0; end <= cut.length; end++) expect(() => walk(cut.slice(0, end))).not.toThrow();
		expect(walk([0x89, 0x50, 0x4e, 0x47, ...seg(0xe0, [1])])).toEqual([]);
		expect(walk([...SOI, 0x00, 0xe1, 0x00, 0x04, 1, 2])).toEqual([]);
		expect(walk([...SOI, 0xff, 0xe1, 0x00, 0x01, 1, 2])).toEqual([]);
	});
});
