// Example launcher script: opens channel 1 of the ticket's tunnel on a local port and waits until the
// connection through it has ended. Sign it before use (see docs/protocols/kem.md):
//   modular kem keygen --out keys && modular kem sign --key keys/mldsa65.key plugins/Kem/Examples/tunnel.js
const port = tunnel.start(1);
log.info('tunnel for ' + (params.user || 'you') + ' on 127.0.0.1:' + port);
if (params.command) {
  process.launch(params.command, (params.args || []).concat(['127.0.0.1:' + port]));
}
wait();
log.info('tunnel closed');
