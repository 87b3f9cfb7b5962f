/** The fault matrix, last third of the services (see matrix.ts for what each cell checks). */
import { matrixSuite } from './matrix-suite.js';

matrixSuite(2, 3);
