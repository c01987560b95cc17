// Turns an RGBA image as its EXIF Orientation says, so it is seen upright. Only used on previews
// (at most 90×90), so a plain pixel-by-pixel copy is cheap.
import type { Orientation } from './exif-orientation';
import { swapsSides } from './exif-orientation';

export interface Rgba {
	data: Buffer;
	width: number;
	height: number;
}

/** The image upright: orientations 5–8 swap its width and height. */
export function orientRgba(image: Rgba, orientation: Orientation): Rgba {
	if (orientation === 1) return image;
	const { width: w, height: h } = image;
	const swap = swapsSides(orientation);
	const width = swap ? h : w;
	const height = swap ? w : h;
	const data = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const [sx, sy] = storedPixel(orientation, x, y, w, h);
			image.data.copy(data, (y * width + x) * 4, (sy * w + sx) * 4, (sy * w + sx) * 4 + 4);
		}
	}
	return { data, width, height };
}

/** Which stored pixel (of a w×h image) is seen at (x, y) once the image is upright. */
function storedPixel(orientation: Orientation, x: number, y: number, w: number, h: number): [number, number] {
	switch (orientation) {
		case 2: // mirrored left to right
			return [w - 1 - x, y];
		case 3: // turned 180°
			return [w - 1 - x, h - 1 - y];
		case 4: // mirrored top to bottom
			return [x, h - 1 - y];
		case 5: // mirrored along the main diagonal
			return [y, x];
		case 6: // to be turned 90° clockwise
			return [y, h - 1 - x];
		case 7: // mirrored along the other diagonal
			return [w - 1 - y, h - 1 - x];
		case 8: // to be turned 90° counter-clockwise
			return [w - 1 - y, x];
		default:
			return [x, y];
	}
}
