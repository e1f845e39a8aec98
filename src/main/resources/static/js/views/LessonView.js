import { Dom } from '../util/Dom.js';

/** The scenario's lesson and summary, as plain text. */
export class LessonView {
  constructor(root, model) {
    model.addEventListener('scenario', () => {
      const s = model.scenario;
      Dom.clear(root).append(
        Dom.el('h3', { text: s.title }),
        Dom.el('p', { text: s.summary }),
        Dom.el('p', { text: s.lesson || 'This scenario has no lesson text.' }));
    });
  }
}
