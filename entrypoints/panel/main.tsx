import { startPanel } from './start';

startPanel('page');
