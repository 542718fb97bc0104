'use strict';
// Cross-checks the FlumeNet WebHDFS emulator with the independent npm `webhdfs` client (1.2.0): every call below
// goes through that client's own URL building, two-step CREATE/APPEND redirect handling, OPEN redirect following
// and RemoteException parsing. Prints one JSON object with what it observed; exits 1 on an unexpected failure.
//
// usage: node webhdfs-check.js --host 127.0.0.1 --port P --user U [--base /sdkcheck]

const WebHDFS = require('webhdfs');

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: null, user: 'sdkcheck', base: '/sdkcheck' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete argument ${argv[i]}`);
    }
    options[name] = argv[i + 1];
  }
  if (!options.port) {
    throw new Error('--port is required');
  }
  return options;
}

// Deterministic binary content covering every byte value; the C# test rebuilds the same bytes.
function pattern(length, byteAt) {
  const buffer = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    buffer[i] = byteAt(i);
  }
  return buffer;
}

async function main() {
  const { host, port, user, base } = parseArgs(process.argv.slice(2));
  const hdfs = WebHDFS.createClient({ host, port, user, path: '/webhdfs/v1' });
  const call = (method, ...args) => new Promise((resolve, reject) => {
    hdfs[method](...args, (err, value) => (err ? reject(err) : resolve(value)));
  });
  const names = async (path) => (await call('readdir', path)).map((s) => s.pathSuffix);

  const dir = `${base}/dir`;
  const first = pattern(1024, (i) => i % 256);
  const second = pattern(777, (i) => (i * 37 + 11) % 256);
  const result = {};

  await call('mkdir', dir);
  result.dirType = (await call('stat', dir)).type;

  await call('writeFile', `${dir}/data.bin`, first);
  await call('appendFile', `${dir}/data.bin`, second);

  const read = await call('readFile', `${dir}/data.bin`);
  result.readLength = read.length;
  result.readMatches = Buffer.compare(read, Buffer.concat([first, second])) === 0;

  const stat = await call('stat', `${dir}/data.bin`);
  result.stat = { type: stat.type, length: stat.length, owner: stat.owner, permission: stat.permission };

  await call('rename', `${dir}/data.bin`, `${dir}/final.bin`);
  await call('writeFile', `${dir}/gone.txt`, Buffer.from('bye\n'));
  result.listing = await names(dir);

  await call('unlink', `${dir}/gone.txt`);
  result.listingAfterUnlink = await names(dir);

  try {
    await call('stat', `${base}/missing.bin`);
    result.missingError = null;
  } catch (e) {
    result.missingError = e.message;
  }

  try {
    await call('appendFile', `${base}/missing.bin`, Buffer.from('x'));
    result.appendMissingError = null;
  } catch (e) {
    result.appendMissingError = e.message;
  }

  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || String(e)}\n`);
  process.exit(1);
});
