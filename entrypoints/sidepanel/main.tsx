import { startPanel } from '../panel/start';

startPanel('side');
