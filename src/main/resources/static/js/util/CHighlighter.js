import { Dom } from './Dom.js';

/**
 * A small C tokenizer for colouring kernel-style C: keywords, types, strings, numbers, comments, preprocessor
 * lines and called functions. It works line by line (carrying block comments over), which is all a code view and
 * an editor overlay need; it builds DOM nodes, so source text is only ever text.
 */
export class CHighlighter {
  static #keywords = new Set(['if', 'else', 'for', 'while', 'do', 'return', 'switch', 'case', 'default', 'break',
    'continue', 'goto', 'sizeof', 'static', 'const', 'volatile', 'extern', 'inline', 'typedef', 'struct', 'union',
    'enum', 'register', '__init', '__exit', '__rcu', '__user', '__iomem', 'likely', 'unlikely']);

  static #types = new Set(['void', 'char', 'short', 'int', 'long', 'unsigned', 'signed', 'float', 'double', 'bool',
    'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'size_t', 'ssize_t', 'loff_t', 'irqreturn_t', 'dev_t',
    'atomic_t', 'refcount_t', 'spinlock_t', 'gfp_t', 'umode_t', 'uint8_t', 'uint32_t', 'uint64_t', 'int32_t']);

  static #token = /(\/\*.*?\*\/|\/\*.*$|\/\/.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)|(\b0[xX][0-9a-fA-F]+[uUlL]*\b|\b\d+[uUlL]*\b)|([A-Za-z_]\w*)(?=\s*\()|([A-Za-z_]\w*)/g;

  /** Highlighted lines: an array of DocumentFragments, one per source line. */
  static lines(source) {
    const out = [];
    let inComment = false;
    for (const line of source.split('\n')) {
      const fragment = document.createDocumentFragment();
      inComment = CHighlighter.#line(line, inComment, fragment);
      out.push(fragment);
    }
    return out;
  }

  static #line(line, inComment, into) {
    let rest = line;
    if (inComment) {
      const end = rest.indexOf('*/');
      if (end < 0) {
        into.append(CHighlighter.#span('tok-com', rest));
        return true;
      }
      into.append(CHighlighter.#span('tok-com', rest.slice(0, end + 2)));
      rest = rest.slice(end + 2);
    }
    if (/^\s*#/.test(rest)) {
      into.append(CHighlighter.#span('tok-pp', rest));
      return false;
    }
    let last = 0;
    let open = false;
    for (const m of rest.matchAll(CHighlighter.#token)) {
      if (m.index > last) into.append(rest.slice(last, m.index));
      const [text, comment, string, number, call, word] = m;
      if (comment) {
        into.append(CHighlighter.#span('tok-com', text));
        open = comment.startsWith('/*') && !comment.endsWith('*/');
      } else if (string) into.append(CHighlighter.#span('tok-str', text));
      else if (number) into.append(CHighlighter.#span('tok-num', text));
      else if (call) into.append(CHighlighter.#span(CHighlighter.#keywords.has(call) ? 'tok-kw' : 'tok-fn', text));
      else if (CHighlighter.#keywords.has(word)) into.append(CHighlighter.#span('tok-kw', text));
      else if (CHighlighter.#types.has(word)) into.append(CHighlighter.#span('tok-type', text));
      else into.append(text);
      last = m.index + text.length;
    }
    if (last < rest.length) into.append(rest.slice(last));
    return open;
  }

  static #span(cls, text) {
    return Dom.el('span', { class: cls, text });
  }

  /** The functions a driver source defines (name at the start of a definition), for telling driver frames apart. */
  static definedFunctions(source) {
    const names = new Set();
    const re = /^[A-Za-z_][\w\s\*]*?\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*(?:\{|$)/gm;
    for (const m of source.matchAll(re)) {
      if (!CHighlighter.#keywords.has(m[1])) names.add(m[1]);
    }
    return names;
  }
}
