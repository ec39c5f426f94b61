#!/usr/bin/env node
// Stand-in for wolfify's offline build tests, not the real vite: `vite build` writes what
// vite writes, dist/index.html with the entry script moved to dist/assets/.
const fs = require('node:fs');
const path = require('node:path');
if (process.argv[2] !== 'build') {
  console.error('vite (stand-in): only "vite build" is supported');
  process.exit(2);
}
const html = fs.readFileSync('index.html', 'utf8');
const entry = /<script type="module" src="\/?([^"]+)"/.exec(html);
fs.mkdirSync('dist/assets', { recursive: true });
let out = html;
if (entry) {
  fs.copyFileSync(entry[1], 'dist/assets/index.js');
  out = html.replace(entry[0], '<script type="module" src="/assets/index.js"');
}
fs.writeFileSync('dist/index.html', out);
if (fs.existsSync('public')) fs.cpSync('public', 'dist', { recursive: true });
console.log('dist/index.html written');
