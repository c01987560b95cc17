// Draws the tg://login link as a QR code in the terminal with `qrcode-terminal` (two modules
// per character row), and always prints the link too: it can be opened on a device where
// Telegram is logged in, and it is what a script reads.
import qrcode from 'qrcode-terminal';

/** The QR drawing of `text` (qrcode-terminal calls back synchronously). */
export function drawQr(text: string): string {
	let drawing = '';
	qrcode.generate(text, { small: true }, (out) => {
		drawing = out;
	});
	return drawing;
}

