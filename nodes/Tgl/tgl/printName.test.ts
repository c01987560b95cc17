import { chatPrintBase, printNameBase, PrintNames, secretChatPrintBase, userPrintBase } from './printName';

describe('print name base', () => {
	it('joins non-empty parts with "_"', () => {
		expect(printNameBase(['John', 'Doe'])).toBe('John_Doe');
		expect(printNameBase(['John', '', undefined, null])).toBe('John');
		expect(printNameBase(['', 'Doe'])).toBe('Doe');
		expect(printNameBase([])).toBe('');
	});

	it('turns spaces and control characters into "_" and "#" into "@"', () => {
		expect(printNameBase(['Mary Ann', 'van\tder\nBerg'])).toBe('Mary_Ann_van_der_Berg');
		expect(printNameBase(['a\u0000b\u001fc\u0020d!'])).toBe('a_b_c_d!');
		expect(printNameBase(['C#', 'dev #1'])).toBe('C@_dev_@1');
		// Only codes <= 0x20: other whitespace and non-ASCII stay.
		expect(printNameBase(['Zoë\u00a0Ünal'])).toBe('Zoë\u00a0Ünal');
	});

	it('gives peers without a name a typeable stand-in', () => {
		expect(userPrintBase(undefined, '', 42)).toBe('user@42');
		expect(chatPrintBase('', 'chat', 7)).toBe('chat@7');
		expect(chatPrintBase('  ', 'channel', 7)).toBe('__');
		expect(userPrintBase('Ann', null, 42)).toBe('Ann');
	});

	it('names secret chats "!" + the other user', () => {
		expect(secretChatPrintBase({ first_name: 'John', last_name: 'Doe' }, 5, 9)).toBe('!_John_Doe');
		expect(secretChatPrintBase({ first_name: 'John', last_name: null }, 5, 9)).toBe('!_John');
		expect(secretChatPrintBase(undefined, 5, 9)).toBe('!_user@5');
		expect(secretChatPrintBase({ first_name: null, last_name: null }, 5, 9)).toBe('!_user@5');
		expect(secretChatPrintBase(undefined, null, 9)).toBe('!_secret_chat@9');
	});
});

describe('PrintNames registry', () => {
	it('appends #1, #2… to peers sharing a name, in id order', () => {
		const names = new PrintNames();
		expect(names.assign('user#1', 'John')).toBe('John');
		expect(names.assign('user#2', 'John')).toBe('John#1');
		expect(names.assign('chat#3', 'John')).toBe('John#2');
		expect(names.lookup('John#1')).toEqual({ key: 'user#2' });
		expect(names.size).toBe(3);
	});

	it('gives the same names to the same peers whatever order they were seen in', () => {
		const seen = (order: Array<[string, string]>) => {
			const names = new PrintNames();
			for (const [key, base] of order) names.assign(key as `user#${number}`, base);
			return ['user#7', 'user#30', 'channel#7', 'user#500'].map((k) => names.nameOf(k as `user#${number}`));
		};
		const forward = seen([['user#7', 'Bob'], ['user#30', 'Bob'], ['channel#7', 'Bob'], ['user#500', 'Ann']]);
		const backward = seen([['user#500', 'Ann'], ['channel#7', 'Bob'], ['user#30', 'Bob'], ['user#7', 'Bob']]);
		expect(forward).toEqual(['Bob', 'Bob#2', 'Bob#1', 'Ann']);
		expect(backward).toEqual(forward);
	});

	it('a newcomer with a lower id takes the bare name; everyone moves up', () => {
		const names = new PrintNames();
		names.assign('user#50', 'Bob');
		expect(names.nameOf('user#50')).toBe('Bob');
		names.assign('user#9', 'Bob');
		expect(names.nameOf('user#9')).toBe('Bob');
		expect(names.nameOf('user#50')).toBe('Bob#1');
	});

	it('refuses to pick one of several peers for a bare name; a suffixed name stays exact', () => {
		const names = new PrintNames();
		names.assign('user#2', 'Bob');
		names.assign('user#1', 'Bob');
		expect(names.lookup('Bob')).toEqual({ ambiguous: ['user#1', 'user#2'] });
		expect(names.lookup('Bob#1')).toEqual({ key: 'user#2' });
		expect(names.lookup('Bob#2')).toBeUndefined();
		expect(names.lookup('Bob#0')).toBeUndefined();
		expect(names.lookup('Bob#01')).toBeUndefined();
		names.assign('user#3', 'Ann');
		expect(names.lookup('Ann')).toEqual({ key: 'user#3' });
	});

	it('a rename moves a peer to its new name and frees the old one', () => {
		const names = new PrintNames();
		names.assign('user#1', 'John');
		names.assign('user#2', 'John');
		expect(names.assign('user#1', 'Jack')).toBe('Jack');
		expect(names.nameOf('user#2')).toBe('John');
		expect(names.lookup('John')).toEqual({ key: 'user#2' });
		expect(names.assign('user#2', 'John')).toBe('John');
		expect(names.assign('user#3', 'John')).toBe('John#1');
	});

	it('looks names up exactly and forgets peers', () => {
		const names = new PrintNames();
		names.assign('channel#5', 'News');
		expect(names.lookup('news')).toBeUndefined();
		expect(names.lookup('News')).toEqual({ key: 'channel#5' });
		names.forget('channel#5');
		names.forget('channel#5');
		expect(names.lookup('News')).toBeUndefined();
		expect(names.nameOf('channel#5')).toBeUndefined();
		expect(names.assign('user#9', 'News')).toBe('News');
	});

	it('never hands one name to two peers', () => {
		const names = new PrintNames();
		const given = new Set<string>();
		for (let i = 0; i < 50; i++) names.assign(`user#${i}`, i % 2 ? 'A' : 'A@1');
		for (let i = 0; i < 50; i++) given.add(names.nameOf(`user#${i}`)!);
		expect(given.size).toBe(50);
	});
});
