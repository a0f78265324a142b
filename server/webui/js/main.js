// The viewer's script: the replay page or the heatmap page, whichever this
// is.

import { startReplay } from './replay.js';
import { startHeatmap } from './heatmap.js';

if (document.getElementById('heatmap')) startHeatmap();
else if (document.getElementById('replay')) startReplay();
