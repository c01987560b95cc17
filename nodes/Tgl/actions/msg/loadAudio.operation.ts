// tgl msg.load_audio: downloads the message's audio file or voice message.
import { loadOperation } from './load-file';

export const loadAudio = loadOperation('loadAudio', 'audio');
