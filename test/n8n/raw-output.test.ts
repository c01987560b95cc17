// What `n8n execute --rawOutput` prints: log lines, the run as pretty JSON, and sometimes log
// lines after it (the task runner registers late). The parser must find the run either way.
import { parseRawOutput } from './n8n-instance';

const run = { data: { resultData: { runData: { A: [{ data: { main: [[{ json: { text: '{ not a brace line }' } }]] } }] } } }, status: 'success' };
const pretty = JSON.stringify(run, null, 2);

describe('parseRawOutput', () => {
	it('finds the run between log lines before and after it', () => {
		const stdout = `Loading workflow\nStarting execution\n${pretty}\nRegistered runner "JS Task Runner" (abc)\n`;
		expect(parseRawOutput(stdout)).toEqual(run);
	});

	it('takes the last run when there are two, and nothing when the output has none', () => {
		const other = JSON.stringify({ data: { resultData: { runData: {} } }, status: 'error' }, null, 2);
		expect(parseRawOutput(`${other}\n${pretty}`)).toEqual(run);
		expect(parseRawOutput('Error executing workflow.\n')).toBeUndefined();
	});
});
