#!/usr/bin/env node
// `npm start`: builds what is missing (scripts/ensure-built.js), then runs the server in this process.
require('./ensure-built').ensureBuilt();
require('../dist/src/main.js');
