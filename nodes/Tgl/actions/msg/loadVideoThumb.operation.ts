// tgl msg.load_video_thumb: downloads the thumbnail of the message's video.
import { loadOperation } from './load-file';

export const loadVideoThumb = loadOperation('loadVideoThumb', 'video_thumb');
