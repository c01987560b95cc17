// tgl msg.load_video: downloads the message's video.
import { loadOperation } from './load-file';

export const loadVideo = loadOperation('loadVideo', 'video');
