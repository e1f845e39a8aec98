import { CatalogBadges } from './views/CatalogBadges.js';

new CatalogBadges(document).start();
