// d3 ships as a UMD bundle (loaded by a classic <script> before the modules run); this is its one way in.
export const d3 = globalThis.d3;
