// Lints Python files with Ruff's WebAssembly build (rules given as the first argument, e.g.
// AIR,F,E9) and prints one line per diagnostic: file:row:column: code message. Exit status 1
// when anything was reported, 2 on a usage error. Used by tst_compiler on generated DAGs.
'use strict';
const fs = require('fs');
const ruff = require('@astral-sh/ruff-wasm-nodejs');

const [rules, ...files] = process.argv.slice(2);
if (!rules || files.length === 0) {
    console.error('usage: node ruff-check.js RULES FILE...');
    process.exit(2);
}
const workspace = new ruff.Workspace(
    {'line-length': 100, lint: {select: rules.split(',')}}, ruff.PositionEncoding.Utf16);
let reported = 0;
for (const file of files) {
    for (const d of workspace.check(fs.readFileSync(file, 'utf8'))) {
        console.log(`${file}:${d.start_location.row}:${d.start_location.column}: ${d.code} ${d.message}`);
        ++reported;
    }
}
console.log(`ruff ${ruff.Workspace.version()}: ${files.length} file(s), ${reported} diagnostic(s)`);
process.exit(reported > 0 ? 1 : 0);
