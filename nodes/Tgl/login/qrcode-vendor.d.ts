// The QR encoder bundled in qrcode-terminal (a dependency already, for the terminal login): the
// node's QR login draws a PNG from its module matrix.
declare module 'qrcode-terminal/vendor/QRCode' {
	class QRCode {
		constructor(typeNumber: number, errorCorrectLevel: number);
		addData(data: string): void;
		make(): void;
		getModuleCount(): number;
		isDark(row: number, col: number): boolean;
	}
	export = QRCode;
}

declare module 'qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel' {
	const levels: { L: number; M: number; Q: number; H: number };
	export = levels;
}
