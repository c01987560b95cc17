// Just the upload figure (g): npm run build, then
// TS_NODE_PREFER_TS_EXTS=true node --expose-gc -r ts-node/register/transpile-only bench/upload-only.ts [MB]
import { disposeHarness } from '../test/harness';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { uploadFigure } from './upload';

uploadFigure(Number(process.argv[2] ?? 100))
	.then(async (line) => {
		process.stdout.write(`${line}\n`);
		await clientPool.closeAll();
		await disposeHarness();
	})
	.catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
