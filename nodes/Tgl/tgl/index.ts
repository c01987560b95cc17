// The tgl object model: GramJS TL objects → plain-JSON tgl Peer / Msg / dialog /
// what_changed, plus print names and tgl's constants.
export * from './constants';
export type * from './types';
export { toNum, toDecimal, isoDate } from './convert';
export type { LongLike } from './convert';
export * from './peerId';
export * from './printName';
export * from './context';
export * from './peer';
export * from './media';
export * from './action';
export * from './msg';
export * from './dialog';
export * from './whatChanged';
export * from './plainJson';
