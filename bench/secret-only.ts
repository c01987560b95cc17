// Only the secret-chat figure (npm run bench prints it with the others).
import { TestEnv } from '../test/support/env';
import { secretFigure } from './secret';

void (async () => {
	const env = await TestEnv.start();
	try {
		process.stdout.write((await secretFigure(env)) + '\n');
	} finally {
		await env.stop();
	}
})();
