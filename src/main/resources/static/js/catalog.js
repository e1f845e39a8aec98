import { RaceBadges } from './views/RaceBadges.js';

new RaceBadges(document).start();
