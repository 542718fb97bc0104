'use strict';
// Shared helpers of the sdk-check scripts: argument parsing and an http.Agent that dials 127.0.0.1.

const http = require('http');

/** Parses `--name value` pairs (and bare `--flag`) into an object; unknown names are kept as given. */
function parseArgs(argv, flags = []) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      throw new Error(`unexpected argument '${token}'`);
    }
    const name = token.slice(2);
    if (flags.includes(name)) {
      args[name] = true;
      continue;
    }
    if (i + 1 >= argv.length) {
      throw new Error(`--${name} needs a value`);
    }
    args[name] = argv[++i];
  }
  return args;
}

function required(args, name) {
  if (args[name] === undefined || args[name] === '') {
    throw new Error(`--${name} is required`);
  }
  return args[name];
}

/**
 * An http.Agent whose DNS lookup answers 127.0.0.1 for every name, so that `{project}.127.0.0.1` or
 * `{project}.localhost` (the host @alicloud/log builds) reaches the emulator. Handles both call shapes
 * of Node's lookup (`all: true` wants an array).
 */
function loopbackAgent() {
  const lookup = (hostname, options, callback) => {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    if (options && options.all) {
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      callback(null, '127.0.0.1', 4);
    }
  };
  return new http.Agent({ keepAlive: true, lookup });
}

/** Prints one JSON line and exits with the given code. */
function finish(result, code = 0) {
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = code;
}

function fail(error) {
  finish({ ok: false, error: String(error && error.message || error), code: error && error.code || null }, 1);
}

module.exports = { parseArgs, required, loopbackAgent, finish, fail };
