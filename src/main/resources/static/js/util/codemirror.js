// CodeMirror 5 ships as classic scripts (the editor, its C and YAML modes, the addons), loaded by the page before
// the modules run; this is their one way in.
export const CodeMirror = globalThis.CodeMirror;
