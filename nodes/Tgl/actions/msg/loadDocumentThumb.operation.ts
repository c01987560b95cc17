// tgl msg.load_document_thumb: downloads the thumbnail of the message's file.
import { loadOperation } from './load-file';

export const loadDocumentThumb = loadOperation('loadDocumentThumb', 'document_thumb');
