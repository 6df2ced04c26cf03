// Builds plotly-insights.min.js: plotly.js's core (scatter and every component) with the trace types in
// traces.json, nothing else. Run `make plotly-bundle` (npm ci, then this script); see README.md.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const here = __dirname;
const traces = JSON.parse(fs.readFileSync(path.join(here, 'traces.json'), 'utf8'));
const version = require('plotly.js/package.json').version;
// scatter is in plotly.js's core; every other trace type is registered from its lib/ module.
const registered = traces.filter((name) => name !== 'scatter');
const entry = [
    "var Plotly = require('plotly.js/lib/core');",
    `Plotly.register([${registered.map((name) => `require('plotly.js/lib/${name}')`).join(', ')}]);`,
    'module.exports = Plotly;',
].join('\n');

esbuild
    .build({
        stdin: { contents: entry, resolveDir: here, sourcefile: 'entry.js' },
        outfile: path.join(here, 'plotly-insights.min.js'),
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        target: 'es2016',
        legalComments: 'none',
        banner: { js: `/*! plotly.js v${version} (MIT license), traces: ${traces.join(',')} */` },
        // As plotly.js's own esbuild-config.js, less the plugins for what these traces never load: WebGL shaders,
        // and maplibre's stylesheet (required only when a map subplot is registered).
        alias: { stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
        loader: { '.css': 'empty' },
        logLevel: 'info',
    })
    .catch(() => process.exit(1));
