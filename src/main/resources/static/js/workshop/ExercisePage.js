import { RoomApi } from './RoomApi.js';
import { ExercisePanel } from './ExercisePanel.js';

/** /exercises/{id}: the exercise panel on its own (no room: the grade is only shown). */
const panel = new ExercisePanel(new RoomApi(null), document.body.dataset.id, null);
panel.load().then((p) => document.getElementById('workshop').replaceChildren(p.root)).catch((e) => {
  document.getElementById('workshop-status').textContent = e.message;
});
