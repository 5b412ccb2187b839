// Loaded with NODE_OPTIONS=--require (Node 20 refuses --cpu-prof there): profiles the whole
// process with the inspector and writes a .cpuprofile into BENCH_CPU_PROFILE_DIR when it ends,
// whether it exits or is told to stop by a signal (Pulumi stops plugin processes that way).
const { Session } = require("node:inspector");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

const session = new Session();
session.connect();
session.post("Profiler.setSamplingInterval", { interval: 500 });
session.post("Profiler.enable");
session.post("Profiler.start");
let written = false;
function write() {
  if (written) return;
  written = true;
  session.post("Profiler.stop", (err, result) => {
    if (!err) writeFileSync(join(process.env.BENCH_CPU_PROFILE_DIR, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.on("exit", write);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    write();
    process.exit(0);
  });
}
