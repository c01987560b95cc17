// tgl msg.load_photo: downloads the message's photo (largest size).
import { loadOperation } from './load-file';

export const loadPhoto = loadOperation('loadPhoto', 'photo');
