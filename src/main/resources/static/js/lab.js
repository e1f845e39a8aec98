// The lab page's entry point: everything else is a class in its own module.
import { LabPage } from './lab/LabPage.js';

new LabPage(document.body).start();
