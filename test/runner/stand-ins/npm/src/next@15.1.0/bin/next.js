#!/usr/bin/env node
// Stand-in for wolfify's offline build tests, not the real Next.js: `next build` with
// output: 'standalone' writes what Next.js documents: .next/standalone/server.js (with the
// app's package.json) and the client assets under .next/static.
const fs = require('node:fs');
if (process.argv[2] !== 'build') {
  console.error('next (stand-in): only "next build" is supported');
  process.exit(2);
}
if (!fs.existsSync('app') && !fs.existsSync('pages')) {
  console.error('next (stand-in): no app/ or pages/ directory');
  process.exit(1);
}
fs.mkdirSync('.next/standalone', { recursive: true });
fs.mkdirSync('.next/static/chunks', { recursive: true });
fs.copyFileSync('package.json', '.next/standalone/package.json');
fs.writeFileSync('.next/standalone/server.js', "// stand-in for Next.js's standalone server\nrequire('http').createServer((_q, r) => r.end('ok')).listen(process.env.PORT || 3000);\n");
fs.writeFileSync('.next/static/chunks/main.js', '// stand-in client bundle\n');
console.log('standalone output written to .next/standalone');
