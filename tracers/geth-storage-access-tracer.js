{
  accesses: [],
  faults: [],
  warnings: [
    "Geth JavaScript tracer records SLOAD/SSTORE storage observations only.",
    "Provider support for debug_traceTransaction and JavaScript tracers varies."
  ],
  hex: function (bytes) {
    var out = "0x";
    for (var i = 0; i < bytes.length; i++) {
      var b = (bytes[i] & 255).toString(16);
      out += b.length === 1 ? "0" + b : b;
    }
    return out;
  },
  word: function (value) {
    var text = value.toString(16);
    while (text.length < 64) text = "0" + text;
    return "0x" + text;
  },
  step: function (log, db) {
    try {
      var error = log.getError();
      if (error) {
        this.faults.push({ pc: log.getPC(), error: String(error) });
        return;
      }
      var op = log.op.toNumber();
      if (op !== 0x54 && op !== 0x55) return;
      this.accesses.push({
        address: this.hex(log.contract.getAddress()),
        slot: this.word(log.stack.peek(0)),
        kind: op === 0x54 ? "read" : "write",
        op: op === 0x54 ? "SLOAD" : "SSTORE",
        pc: log.getPC(),
        depth: log.getDepth(),
        gas_remaining: log.getGas()
      });
    } catch (e) {
      this.faults.push({ pc: -1, error: "tracer step failed: " + String(e) });
    }
  },
  fault: function (log, db) {
    var error = log.getError();
    this.faults.push({ pc: log.getPC(), gas_remaining: log.getGas(), error: error ? String(error) : "fault" });
  },
  result: function (ctx, db) {
    return { accesses: this.accesses, faults: this.faults, warnings: this.warnings };
  }
}
