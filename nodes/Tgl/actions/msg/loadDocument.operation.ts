// tgl msg.load_document: downloads the message's file (any document, including videos and audio).
import { loadOperation } from './load-file';

export const loadDocument = loadOperation('loadDocument', 'document');
