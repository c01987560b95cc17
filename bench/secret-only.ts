// Only the secret-chat figure (npm run bench prints it with the others).
import { TestEnv } from '../test/support/env';
import { secretFigure, secretHistoryFigure } from './secret';

void (async () => {
	const env = await TestEnv.start();
	try {
		process.stdout.write((await secretFigure(env)) + '\n');
		process.stdout.write((await secretHistoryFigure()) + '\n');
	} finally {
		await env.stop();
	}
})();
