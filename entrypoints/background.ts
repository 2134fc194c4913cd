import { defineBackground } from 'wxt/utils/define-background';
import { setUpBackground } from '../background/setup.ts';

export default defineBackground(() => setUpBackground());
